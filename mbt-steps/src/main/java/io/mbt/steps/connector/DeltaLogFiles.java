package io.mbt.steps.connector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.VersionNotFoundException;

/**
 * The data files of a Delta table at a version, read from its transaction log. The one class that
 * uses Delta's internal API ({@code DeltaLog}, {@code Snapshot}): the public API reads a version's
 * rows, and {@code Dataset.inputFiles} its file names, but not their sizes or deletion vectors. A
 * delta-spark upgrade that changes that API breaks this class and its test, nothing else.
 */
final class DeltaLogFiles {
  private DeltaLogFiles() {}

  /**
   * One data file as the log records it.
   *
   * @param path relative to the table directory and URL-encoded, or an absolute URI
   * @param deletionVector the rows deleted from it since it was written, if any, as {@code
   *     <storage type>:<path or inline vector>@<offset>}
   */
  record DataFile(String path, long size, Optional<String> deletionVector) {}

  /** The version cannot be read from the log; the message is Delta's, naming the versions that can. */
  static final class VersionUnavailable extends RuntimeException {
    VersionUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The files of the table at {@code location} as of {@code version}, in log order. Runs a Spark job
   * when the version's state is not cached.
   *
   * @throws VersionUnavailable if the version is newer than the table or its log entries were
   *     cleaned up
   */
  static List<DataFile> at(SparkSession spark, String location, long version) {
    requireVersion(spark, location, version);
    DeltaLog log = DeltaLog.forTable(spark, new Path(location));
    Snapshot snapshot = log.getSnapshotAt(version, log.getSnapshotAt$default$2(), log.getSnapshotAt$default$3());
    List<DataFile> files = new ArrayList<>();
    for (Row row : snapshot.allFiles().toDF().select("path", "size", "deletionVector").collectAsList()) {
      Optional<String> deletionVector = row.isNullAt(2) ? Optional.empty() : Optional.of(describe(row.getStruct(2)));
      files.add(new DataFile(row.getString(0), row.getLong(1), deletionVector));
    }
    return files;
  }

  /** Delta's own time travel check, whose message says which versions can be read (the snapshot API's does not). */
  private static void requireVersion(SparkSession spark, String location, long version) {
    try {
      spark.read().format("delta").option("versionAsOf", version).load(location);
    } catch (Exception e) { // the Scala API throws checked AnalysisExceptions without declaring them
      if (e instanceof VersionNotFoundException) {
        throw new VersionUnavailable(e.getMessage(), e);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot read Delta table " + location + " as of version " + version + ": " + e.getMessage(), e);
    }
  }

  private static String describe(Row deletionVector) {
    String storage = deletionVector.getAs("storageType");
    String pathOrInline = deletionVector.getAs("pathOrInlineDv");
    Object offset = deletionVector.getAs("offset");
    return storage + ":" + pathOrInline + (offset == null ? "" : "@" + offset);
  }
}
