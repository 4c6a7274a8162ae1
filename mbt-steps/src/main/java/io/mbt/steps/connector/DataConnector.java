package io.mbt.steps.connector;

import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where training data comes from: the run-time side of the compiler's {@code data_connector}
 * adapters ({@code local_file}, {@code catalog}, {@code jdbc}, or one from a jar).
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} (list them in {@code
 * META-INF/services/io.mbt.steps.connector.DataConnector}) and looked up by {@link #name()} through
 * {@link DataConnectors}. The instance the ServiceLoader creates is a prototype: {@link #configure}
 * returns a configured, immutable connector, so one prototype serves any number of targets.
 */
public interface DataConnector {

  /** The name written in profiles ({@code data_connector.type}), e.g. {@code local_file}. */
  String name();

  /**
   * A connector configured by the profile's {@code data_connector.config} (secrets already
   * resolved). Relative paths resolve against {@code projectDir}.
   *
   * @throws IllegalArgumentException naming the key, if a value is missing or of the wrong type
   */
  DataConnector configure(Map<String, Object> config, Path projectDir);

  /**
   * The table as a lazy DataFrame, with {@code options} applied (columns kept, date filter pushed
   * down). Reading may run a Spark job only where the format needs one to know its schema (CSV with
   * {@code inferSchema}).
   *
   * @throws io.mbt.steps.api.StepFailedException if the table does not exist (naming the table,
   *     where the connector looked and what exists there) or a kept column is missing
   */
  Dataset<Row> read(SparkSession spark, String table, ReadOptions options);

  /**
   * The table's current version, if this connector can read the table again exactly as it is now
   * ({@link ReadOptions#atVersion}: a Delta table's time travel). Empty when it cannot (files
   * without versions, JDBC): the run then keeps a copy of what it read. Cheap: no Spark job.
   */
  default java.util.Optional<Long> currentVersion(SparkSession spark, String table) {
    return java.util.Optional.empty();
  }

  /**
   * Where {@code table}'s Delta log is (a URI), if this connector reads it as a Delta table with a
   * location (a {@code local_file} Delta directory, a Delta table of the catalog); empty when it does
   * not (files without versions, catalog tables of other formats, JDBC). {@link
   * DeltaTables} reads a located table's version, id and files, for pinning it. Cheap: no Spark job.
   *
   * @throws io.mbt.steps.api.StepFailedException if the table does not exist, as {@link #read} does
   */
  default java.util.Optional<String> deltaLocation(SparkSession spark, String table) {
    return java.util.Optional.empty();
  }

  /**
   * Where a Delta table named {@code table} lives or would be created ({@code mbt seed} writes seeds
   * there), if this connector reads Delta tables at locations; empty when it does not (files in
   * other formats, JDBC, catalog tables). No Spark job; the table need not exist.
   */
  default java.util.Optional<String> deltaTableLocation(String table) {
    return java.util.Optional.empty();
  }

  /** Whether the source is reachable with the configured credentials; called by {@code mbt debug}. */
  ConnectionCheck validateConnection(SparkSession spark);
}
