package io.mbt.steps.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in output writers replace one execution date's rows and keep every other date's. */
class OutputWritersTest {
  private static final SparkSession SPARK = SharedSpark.session();
  @TempDir Path dir;

  private static Dataset<Row> predictions(LocalDate date, int rows, double score) {
    return SPARK.range(rows).select(functions.col("id").cast("string").as("customer_id"), functions.lit(score).as("score"),
        functions.array(functions.lit(1 - score), functions.lit(score)).as("probability"),
        functions.lit(Date.valueOf(date)).as(OutputTarget.DATE_COLUMN));
  }

  private OutputTarget target(String name, LocalDate date) {
    return new OutputTarget(Optional.of(dir.resolve(name).toUri().toString()), Optional.empty(), date, List.of());
  }

  @Test
  void deltaReplacesTheDatesRowsInOneCommit() {
    OutputWriter delta = OutputWriters.get("delta");
    LocalDate d1 = LocalDate.of(2026, 11, 1);
    LocalDate d2 = LocalDate.of(2026, 11, 2);
    delta.write(SPARK, predictions(d1, 50, 0.1), target("delta", d1));
    delta.write(SPARK, predictions(d2, 30, 0.2), target("delta", d2));
    WrittenOutput rewritten = delta.write(SPARK, predictions(d1, 40, 0.3), target("delta", d1));

    assertThat(rewritten.rows()).as("rows this write added, from its commit").isEqualTo(40);

    Dataset<Row> out = SPARK.read().format("delta").load(dir.resolve("delta").toString());
    assertThat(out.filter("execution_date = DATE'2026-11-01'").count()).isEqualTo(40);
    assertThat(out.filter("execution_date = DATE'2026-11-01' AND score = 0.3").count()).isEqualTo(40);
    assertThat(out.filter("execution_date = DATE'2026-11-02'").count()).isEqualTo(30);
  }

  @Test
  void parquetAndCsvReplaceTheDatesPartitionDirectory() throws Exception {
    LocalDate d1 = LocalDate.of(2026, 11, 1);
    LocalDate d2 = LocalDate.of(2026, 11, 2);
    for (String format : List.of("parquet", "csv")) {
      OutputWriter writer = OutputWriters.get(format);
      writer.write(SPARK, predictions(d1, 20, 0.1), target(format, d1));
      writer.write(SPARK, predictions(d2, 10, 0.2), target(format, d2));
      WrittenOutput written = writer.write(SPARK, predictions(d1, 15, 0.3), target(format, d1));
      assertThat(written.location()).endsWith("execution_date=2026-11-01");
      assertThat(written.rows()).as(format).isEqualTo(15);

      Dataset<Row> out = format.equals("csv")
          ? SPARK.read().option("header", "true").csv(dir.resolve(format).toString())
          : SPARK.read().parquet(dir.resolve(format).toString());
      assertThat(out.filter("execution_date = '2026-11-01'").count()).as(format).isEqualTo(15);
      assertThat(out.filter("execution_date = '2026-11-02'").count()).as(format).isEqualTo(10);
      try (var names = Files.list(dir.resolve(format))) {
        assertThat(names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("_tmp") || n.startsWith("_old"))).isEmpty();
      }
    }
  }

  @Test
  void badDestinationsSayWhatToFix() {
    assertThatThrownBy(() -> OutputWriters.get("snowflake")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no output writer for destination 'snowflake'").hasMessageContaining("[csv, delta, parquet]");
    OutputTarget table = new OutputTarget(Optional.empty(), Optional.of("ml.scores"), LocalDate.of(2026, 11, 1), List.of());
    assertThatThrownBy(() -> OutputWriters.get("parquet").write(SPARK, predictions(LocalDate.of(2026, 11, 1), 1, 0.1), table))
        .isInstanceOf(StepFailedException.class).hasMessageContaining("needs serving.output.path");
  }
}
