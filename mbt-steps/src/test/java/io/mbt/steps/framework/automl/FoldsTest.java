package io.mbt.steps.framework.automl;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.mbt.steps.testing.SharedSpark;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class FoldsTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void spreadsEachClassEvenlyOverTheFolds() {
    Dataset<Row> data = TestData.binary(spark, 1000, 1).repartition(3);
    Map<String, Long> counts = counts(Folds.assign(data, "label", true, 3, 42), true);
    long positives = data.filter(col("label").equalTo(1.0)).count();
    long negatives = 1000 - positives;

    for (int fold = 0; fold < 3; fold++) {
      // Within each of the 3 partitions a class is split evenly to one row.
      assertThat(counts.get(fold + "/1.0")).isCloseTo(positives / 3, offset(3L));
      assertThat(counts.get(fold + "/0.0")).isCloseTo(negatives / 3, offset(3L));
    }
  }

  @Test
  void balancesTheFoldsOfARegression() {
    Map<String, Long> counts =
        counts(Folds.assign(TestData.regression(spark, 1000, 1), "label", false, 4, 42), false);

    assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(249L, 251L));
  }

  @Test
  void sameSeedGivesTheSameFoldsAndAnotherSeedOthers() {
    Dataset<Row> data = TestData.binary(spark, 500, 2);

    List<Row> first = Folds.assign(data, "label", true, 3, 42).collectAsList();
    List<Row> again = Folds.assign(data, "label", true, 3, 42).collectAsList();
    List<Row> other = Folds.assign(data, "label", true, 3, 43).collectAsList();

    assertThat(again).isEqualTo(first);
    assertThat(asSet(other)).isNotEqualTo(asSet(first));
  }

  private static Set<Row> asSet(List<Row> rows) {
    return new HashSet<>(rows);
  }

  private static Map<String, Long> counts(Dataset<Row> folded, boolean byLabel) {
    Map<String, Long> counts = new HashMap<>();
    Dataset<Row> grouped = byLabel
        ? folded.groupBy(Folds.COLUMN, "label").count()
        : folded.groupBy(Folds.COLUMN).count();
    for (Row row : grouped.collectAsList()) {
      String key = byLabel ? row.getInt(0) + "/" + row.getDouble(1) : String.valueOf(row.getInt(0));
      counts.put(key, row.getLong(row.length() - 1));
    }
    return counts;
  }
}
