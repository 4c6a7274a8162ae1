package io.mbt.steps.connector;

import io.mbt.steps.api.StepFailedException;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.types.DataType;

/** The error factory of the data connectors: each message names the table or key, what was found, and the fix. */
public final class ConnectorErrors {
  private static final int LISTED = 50;

  private ConnectorErrors() {}

  public static StepFailedException tableNotFound(String connector, String table, String lookedAt, Collection<String> existing) {
    return new StepFailedException(
        "table '" + table + "' not found by the " + connector + " connector; looked at " + lookedAt + ". " + listing("existing", existing),
        "fix the table name in training.data_source (label_table / feature_tables), or the data_connector of the target in profiles.yaml");
  }

  public static StepFailedException missingColumn(String table, String location, String column, Collection<String> columns) {
    return new StepFailedException(
        "column '" + column + "' is not in table '" + table + "' (" + location + "); its columns: " + String.join(", ", columns),
        "fix the column name in training.schema (feature_columns, identifiers, target) or feature_tables[].columns");
  }

  public static StepFailedException unsupportedPartitionType(String column, DataType type) {
    return new StepFailedException(
        "partition key '" + column + "' has type " + type.simpleString() + "; data_windows need a date, timestamp, ISO date string"
            + " or yyyyMMdd integer column",
        "cast it with training.schema.column_types: {" + column + ": date}, or choose another partition_key");
  }

  public static StepFailedException unknownConnector(String name, Collection<String> installed) {
    return new StepFailedException(
        "unknown data connector '" + name + "'; installed connectors: " + installed,
        "fix data_connector.type in profiles.yaml, or put the jar that provides it on the driver's class path (it must list its"
            + " DataConnector in META-INF/services/io.mbt.steps.connector.DataConnector)");
  }

  public static StepFailedException badConfig(String connector, String key, Object value, String expectation) {
    return new StepFailedException(
        "data connector '" + connector + "': config key '" + key + "' must be " + expectation + ", but was: "
            + (value == null ? "missing" : "'" + value + "'"),
        "fix data_connector.config." + key + " of the target in profiles.yaml");
  }

  public static StepFailedException readFailed(String connector, String table, String location, Throwable cause) {
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().lines().findFirst().orElse("");
    return new StepFailedException(
        "cannot read table '" + table + "' with the " + connector + " connector (" + location + "): " + message,
        "check that the table exists and that the configured user may read it (mbt debug checks the connection)", cause);
  }

  /** "existing: a, b, c (and 12 more)", capped so a huge directory does not flood the message. */
  static String listing(String what, Collection<String> names) {
    if (names.isEmpty()) {
      return what + ": none";
    }
    List<String> sorted = names.stream().sorted().toList();
    String shown = String.join(", ", sorted.subList(0, Math.min(LISTED, sorted.size())));
    return what + ": " + shown + (sorted.size() > LISTED ? " (and " + (sorted.size() - LISTED) + " more)" : "");
  }
}
