package io.mbt.steps.testing;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * What happens to source Delta tables between a pin and a run, done for real on local tables:
 * {@code VACUUM}, log cleanup, drop and re-create.
 */
public final class DeltaFixtures {
  private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
  private static final Pattern LOG_FILE = Pattern.compile("\\.?0*(\\d+)\\.(json|checkpoint\\.parquet|crc)(\\.crc)?");

  private DeltaFixtures() {}

  /** {@code VACUUM ... RETAIN 0 HOURS}: removes every data file the current version does not use. Restores the session's conf. */
  public static void vacuumEverythingUnused(SparkSession spark, Path table) {
    String before = spark.conf().get(RETENTION_CHECK, "true");
    spark.conf().set(RETENTION_CHECK, "false");
    try {
      DeltaTable.forPath(spark, table.toString()).vacuum(0.0);
    } finally {
      spark.conf().set(RETENTION_CHECK, before);
    }
  }

  /**
   * Deletes the log entries (commits, checksums, checkpoints) of every version before {@code
   * version}, as Delta's log cleanup does once they are past {@code delta.logRetentionDuration}. The
   * table must have a checkpoint at {@code version} (write it with {@code delta.checkpointInterval}
   * 1).
   */
  public static void cleanUpLogBefore(Path table, long version) {
    Path log = table.resolve("_delta_log");
    if (!Files.exists(log.resolve(String.format("%020d.checkpoint.parquet", version)))) {
      throw new IllegalStateException("table " + table + " has no checkpoint at version " + version + "; write it with delta.checkpointInterval 1");
    }
    try (Stream<Path> files = Files.list(log)) {
      for (Path file : files.toList()) {
        Matcher m = LOG_FILE.matcher(file.getFileName().toString());
        if (m.matches() && Long.parseLong(m.group(1)) < version) {
          Files.delete(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drops the table's files, so that the next write creates a new table (with a new table id) in its place. */
  public static void drop(Path table) {
    try (Stream<Path> paths = Files.walk(table)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
