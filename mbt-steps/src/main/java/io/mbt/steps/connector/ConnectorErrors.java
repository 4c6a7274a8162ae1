package io.mbt.steps.connector;

import io.mbt.steps.api.SourcePinException;
import io.mbt.steps.api.SourcePinException.Code;
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

  private static final String REPIN = "pin a version that can be read (`mbt dataset pin`) and request a new run with it";

  public static SourcePinException notPinned(String table, Collection<String> pinned) {
    return new SourcePinException(Code.NOT_PINNED, table,
        "table '" + table + "' is not pinned by the request; pin it with `mbt dataset pin` (" + listing("pinned tables", pinned) + ")",
        "a run with source pins reads only pinned tables: pin every table load_data reads");
  }

  public static SourcePinException notVersioned(String connector, String table, long version) {
    return new SourcePinException(Code.NOT_VERSIONED, table,
        "table '" + table + "' is pinned to Delta version " + version + ", but the " + connector
            + " connector does not read it as a Delta table, so it has no versions to read",
        "pinned sources must be Delta tables: convert the source to Delta, or run without source pins");
  }

  public static SourcePinException pinnedTableNotFound(String table, StepFailedException notFound) {
    return new SourcePinException(Code.TABLE_NOT_FOUND, table, "pinned " + notFound.getMessage(), notFound.hint(), notFound);
  }

  public static SourcePinException tableReplaced(String table, String location, String pinnedId, String foundId) {
    return new SourcePinException(Code.TABLE_REPLACED, table,
        "table '" + table + "' (" + location + ") was dropped and re-created since it was pinned: expected Delta table id " + pinnedId
            + ", found " + foundId,
        "the pinned data no longer exists; " + REPIN);
  }

  public static SourcePinException pinnedVersionNotInLog(String table, String location, long version, String deltaMessage, Throwable cause) {
    return new SourcePinException(Code.VERSION_NOT_FOUND, table,
        "pinned version " + version + " of table '" + table + "' (" + location + ") no longer exists: " + deltaMessage,
        "its log entries were cleaned up (delta.logRetentionDuration) or it never existed; " + REPIN, cause);
  }

  public static SourcePinException pinnedFilesRemoved(String table, String location, long version, int missing, int files, String example) {
    return new SourcePinException(Code.VERSION_NOT_FOUND, table,
        "pinned version " + version + " of table '" + table + "' (" + location + ") no longer exists: " + missing + " of its " + files
            + " data files were removed (by VACUUM), e.g. " + example,
        "VACUUM removes files older than delta.deletedFileRetentionDuration; " + REPIN);
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
