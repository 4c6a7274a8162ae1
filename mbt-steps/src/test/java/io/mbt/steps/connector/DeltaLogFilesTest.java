package io.mbt.steps.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.mbt.steps.testing.DeltaFixtures;
import io.mbt.steps.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one use of Delta's internal API: what it returns, and what it throws, on this delta-spark version. */
class DeltaLogFilesTest {
  @TempDir Path dir;

  private final SparkSession spark = SharedSpark.session();

  @Test
  void listsTheDataFilesOfEachVersionWithTheirSizes() throws IOException {
    Path table = dir.resolve("events");
    spark.range(0, 10, 1, 2).write().format("delta").save(table.toString());
    spark.range(10, 20, 1, 2).write().format("delta").mode("append").save(table.toString());

    List<DeltaLogFiles.DataFile> v0 = DeltaLogFiles.at(spark, table.toString(), 0);
    List<DeltaLogFiles.DataFile> v1 = DeltaLogFiles.at(spark, table.toString(), 1);

    assertThat(v0).hasSize(2);
    assertThat(v1).hasSize(4).containsAll(v0);
    for (DeltaLogFiles.DataFile file : v1) {
      assertThat(file.path()).as("relative to the table").doesNotContain(dir.toString()).endsWith(".parquet");
      assertThat(file.size()).isEqualTo(Files.size(table.resolve(file.path())));
      assertThat(file.deletionVector()).isEmpty();
    }
  }

  @Test
  void aFileWithRowsDeletedInPlaceCarriesItsDeletionVector() {
    Path table = dir.resolve("events");
    spark.range(0, 10, 1, 1).write().format("delta").option("delta.enableDeletionVectors", "true").save(table.toString());
    DeltaTable.forPath(spark, table.toString()).delete("id = 3");

    DeltaLogFiles.DataFile before = DeltaLogFiles.at(spark, table.toString(), 0).get(0);
    DeltaLogFiles.DataFile after = DeltaLogFiles.at(spark, table.toString(), 1).get(0);

    assertThat(after.path()).as("the file is not rewritten").isEqualTo(before.path());
    assertThat(after.deletionVector()).hasValueSatisfying(dv -> assertThat(dv).matches("[a-z]:.+"));
  }

  @Test
  void aVersionWhoseLogWasCleanedUpIsUnavailableWithDeltasMessage() {
    Path table = dir.resolve("events");
    spark.range(5).write().format("delta").option("delta.checkpointInterval", "1").save(table.toString());
    spark.range(5).write().format("delta").mode("append").save(table.toString());
    spark.range(5).write().format("delta").mode("append").save(table.toString());
    DeltaFixtures.cleanUpLogBefore(table, 2);

    assertThatThrownBy(() -> DeltaLogFiles.at(spark, table.toString(), 0))
        .isInstanceOf(DeltaLogFiles.VersionUnavailable.class)
        .hasMessage("Cannot time travel Delta table to version 0. Available versions: [2, 2].");
    assertThat(DeltaLogFiles.at(spark, table.toString(), 2)).hasSize(countFiles(table));
  }

  @Test
  void aVersionNewerThanTheTableIsUnavailable() {
    Path table = dir.resolve("events");
    spark.range(5).write().format("delta").save(table.toString());

    assertThatThrownBy(() -> DeltaLogFiles.at(spark, table.toString(), 4))
        .isInstanceOf(DeltaLogFiles.VersionUnavailable.class)
        .hasMessage("Cannot time travel Delta table to version 4. Available versions: [0, 0].");
  }

  private static int countFiles(Path table) {
    try (var files = Files.list(table)) {
      return (int) files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
