package io.mbt.steps.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.steps.delta.ExclusiveLocalLogStore;
import io.mbt.steps.testing.SharedSpark;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {

  @Test
  void embeddedDefaultsAreLocalDeltaWithoutUiAndFewPartitions() {
    Path work = Path.of("/data/mbt");
    assertThat(SparkSessions.embeddedConf(work, Map.of()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("spark.master", "local[*]"),
                Map.entry("spark.app.name", "mbt"),
                Map.entry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension"),
                Map.entry("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"),
                Map.entry("spark.ui.enabled", "false"),
                Map.entry("spark.driver.host", "127.0.0.1"),
                Map.entry("spark.sql.shuffle.partitions", "8"),
                Map.entry("spark.databricks.delta.snapshotPartitions", "4"),
                Map.entry("spark.sql.warehouse.dir", "file:///data/mbt/spark-warehouse"),
                Map.entry("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName()),
                Map.entry("spark.delta.logStore.file.impl", ExclusiveLocalLogStore.class.getName())));
  }

  @Test
  void aGlobalLogStoreClassReplacesTheFileSchemeStoreWhichDeltaRefusesBesideIt() {
    Map<String, String> conf =
        SparkSessions.embeddedConf(
            Path.of("/data/mbt"), Map.of("spark.delta.logStore.class", "io.delta.storage.HDFSLogStore"));

    assertThat(conf).containsEntry("spark.delta.logStore.class", "io.delta.storage.HDFSLogStore");
    assertThat(conf).doesNotContainKey("spark.delta.logStore.file.impl");
  }

  @Test
  void extraConfOverridesDefaultsAndAddsKeys() {
    Map<String, String> conf =
        SparkSessions.embeddedConf(
            Path.of("/data/mbt"),
            Map.of("spark.master", "local[2]", "spark.executor.memory", "2g"));

    assertThat(conf).containsEntry("spark.master", "local[2]");
    assertThat(conf).containsEntry("spark.executor.memory", "2g");
    assertThat(conf).containsEntry("spark.ui.enabled", "false");
  }

  @Test
  void sharedTestSessionIsBuiltFromEmbeddedDefaultsWithTestOverrides() {
    SparkSession spark = SharedSpark.session();

    assertThat(spark.sparkContext().master()).isEqualTo("local[2]");
    assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo("4");
    assertThat(spark.conf().get("spark.databricks.delta.snapshotPartitions")).isEqualTo("2");
    assertThat(spark.conf().get("spark.ui.enabled")).isEqualTo("false");
    assertThat(spark.conf().get("spark.sql.warehouse.dir"))
        .isEqualTo("file:" + SharedSpark.workDirectory().resolve("spark-warehouse"));
  }

  @Test
  void sessionCatalogCreatesDeltaTablesInTheWarehouse() {
    SparkSession spark = SharedSpark.session();
    spark.sql("CREATE TABLE sessions_test_numbers USING delta AS SELECT id FROM range(5)");
    try {
      Row detail = spark.sql("DESCRIBE DETAIL sessions_test_numbers").head();
      assertThat(detail.<String>getAs("format")).isEqualTo("delta");
      assertThat(detail.<String>getAs("location")).contains("spark-warehouse");
      assertThat(spark.table("sessions_test_numbers").count()).isEqualTo(5);
    } finally {
      spark.sql("DROP TABLE sessions_test_numbers");
    }
  }
}
