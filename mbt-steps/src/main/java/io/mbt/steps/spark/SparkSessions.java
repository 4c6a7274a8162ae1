package io.mbt.steps.spark;

import static java.util.Objects.requireNonNull;

import io.mbt.steps.delta.ExclusiveLocalLogStore;
import io.mbt.steps.delta.LogStores;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the embedded-default SparkSession: local mode with Delta Lake, for running pipelines on one
 * machine. Only drivers and test fixtures build sessions; steps are handed one.
 */
public final class SparkSessions {
  public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  public static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
  public static final String WAREHOUSE_DIRECTORY = "spark-warehouse";

  private SparkSessions() {}

  /**
   * The configuration of the embedded session: the defaults below, overridden key by key by {@code
   * extraConf}.
   *
   * <ul>
   *   <li>{@code spark.master=local[*]}, {@code spark.app.name=mbt}
   *   <li>Delta: {@code spark.sql.extensions} and {@code spark.sql.catalog.spark_catalog}
   *   <li>{@code spark.ui.enabled=false}, {@code spark.driver.host=127.0.0.1}
   *   <li>{@code spark.sql.shuffle.partitions=8}, {@code spark.databricks.delta.snapshotPartitions=4}
   *       (Spark's 200 and Delta's 50 are sized for clusters)
   *   <li>{@code spark.sql.warehouse.dir=<workDirectory>/spark-warehouse}
   *   <li>{@code spark.hadoop.fs.file.impl=}{@link NioLocalFileSystem}: local files without a
   *       {@code chmod} or {@code ls} child process per file
   *   <li>{@code spark.delta.logStore.file.impl=}{@link ExclusiveLocalLogStore}: Delta commits on
   *       local files exclude concurrent writers across processes, not only within this JVM (left
   *       out when {@code extraConf} sets {@code spark.delta.logStore.class} or {@code
   *       delta.logStore.class}, which Delta refuses next to a scheme key)
   * </ul>
   */
  public static Map<String, String> embeddedConf(Path workDirectory, Map<String, String> extraConf) {
    requireNonNull(workDirectory, "workDirectory is null");
    requireNonNull(extraConf, "extraConf is null");
    Map<String, String> conf = new TreeMap<>();
    conf.put("spark.master", "local[*]");
    conf.put("spark.app.name", "mbt");
    conf.put("spark.sql.extensions", DELTA_EXTENSION);
    conf.put("spark.sql.catalog.spark_catalog", DELTA_CATALOG);
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.sql.shuffle.partitions", "8");
    conf.put("spark.databricks.delta.snapshotPartitions", "4");
    conf.put(
        "spark.sql.warehouse.dir",
        workDirectory.toAbsolutePath().resolve(WAREHOUSE_DIRECTORY).toUri().toString());
    conf.put("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
    if (!extraConf.containsKey("spark.delta.logStore.class") && !extraConf.containsKey("delta.logStore.class")) {
      conf.put(LogStores.schemeKey("file"), ExclusiveLocalLogStore.class.getName());
    }
    conf.putAll(extraConf);
    return conf;
  }

  /**
   * Returns the embedded session built from {@link #embeddedConf}. Spark keeps one SparkContext per
   * JVM: when one is already running, its session is returned and only runtime SQL settings of
   * {@code extraConf} take effect.
   */
  public static SparkSession embedded(Path workDirectory, Map<String, String> extraConf) {
    SparkSession.Builder builder = SparkSession.builder();
    embeddedConf(workDirectory, extraConf).forEach(builder::config);
    return builder.getOrCreate();
  }
}
