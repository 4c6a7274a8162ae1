package io.mbt.steps.connector;

import io.delta.tables.DeltaTable;
import io.mbt.steps.api.SourcePinException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/**
 * What pinning a Delta table needs, by the table's location ({@link
 * DataConnector#deltaLocation}): its current version and table id, a digest of its files at a
 * version, and whether a pinned version can still be read in full. {@code mbt dataset pin} records
 * the first two; a run given source pins checks the last before it reads.
 */
public final class DeltaTables {
  /** Above this many files to look for, one recursive listing of the table is cheaper than a lookup per file. */
  private static final int LOOKUPS = 64;

  private DeltaTables() {}

  /**
   * The table's newest version, from its transaction log. No Spark job.
   *
   * @throws IllegalArgumentException if there is no Delta table at {@code location}
   */
  public static long currentVersion(SparkSession spark, String location) {
    return table(spark, location).history(1).select("version").head().getLong(0);
  }

  /**
   * The table's newest version and its table id ({@code DESCRIBE DETAIL}'s {@code id}).
   *
   * @throws IllegalArgumentException if there is no Delta table at {@code location}
   */
  public static DeltaTableVersion current(SparkSession spark, String location) {
    DeltaTable table = table(spark, location);
    long version = table.history(1).select("version").head().getLong(0);
    String id = table.detail().select("id").head().getString(0);
    return new DeltaTableVersion(location, version, id);
  }

  /**
   * {@code sha256:<hex>} of the table's data files at {@code version}: one line per file, sorted by
   * path, of its path as the log records it, its size and its deletion vector (rows deleted from it
   * in place; empty if none). Equal digests mean the same rows; Delta never rewrites a file in place.
   * Runs a Spark job.
   *
   * @throws SourcePinException with {@link SourcePinException.Code#VERSION_NOT_FOUND} (its table
   *     named by {@code location}) if the version cannot be read from the log
   */
  public static String filesDigest(SparkSession spark, String location, long version) {
    List<DeltaLogFiles.DataFile> files = new ArrayList<>(filesAt(spark, location, location, version));
    files.sort(Comparator.comparing(DeltaLogFiles.DataFile::path));
    StringBuilder listing = new StringBuilder();
    for (DeltaLogFiles.DataFile file : files) {
      listing.append(file.path()).append('\t').append(file.size()).append('\t').append(file.deletionVector().orElse("")).append('\n');
    }
    return "sha256:" + sha256(listing.toString());
  }

  /**
   * Checks that {@code version} of {@code table} (at {@code location}) can still be read in full: it
   * is in the transaction log, and none of its data files was removed since (by {@code VACUUM}; a
   * time-travel read would fail only once it scanned them). Runs a Spark job or two.
   *
   * @throws SourcePinException with {@link SourcePinException.Code#VERSION_NOT_FOUND}, saying which
   *     of the two it is
   */
  public static void requireReadable(SparkSession spark, String table, String location, long version) {
    List<DeltaLogFiles.DataFile> pinned = filesAt(spark, table, location, version);
    long current = currentVersion(spark, location);
    if (version == current) {
      return; // the current version's files are in place
    }
    Set<String> live = new HashSet<>();
    filesAt(spark, table, location, current).forEach(f -> live.add(f.path()));
    List<Path> removable = pinned.stream().filter(f -> !live.contains(f.path())).map(f -> absolute(location, f.path())).toList();
    List<Path> missing = missing(spark, location, removable);
    if (!missing.isEmpty()) {
      throw ConnectorErrors.pinnedFilesRemoved(table, location, version, missing.size(), pinned.size(), missing.get(0).getName());
    }
  }

  private static List<DeltaLogFiles.DataFile> filesAt(SparkSession spark, String table, String location, long version) {
    try {
      return DeltaLogFiles.at(spark, location, version);
    } catch (DeltaLogFiles.VersionUnavailable e) {
      throw ConnectorErrors.pinnedVersionNotInLog(table, location, version, e.getMessage(), e);
    }
  }

  /** Which of {@code files} do not exist: a lookup each when they are few, else one listing of the table. */
  private static List<Path> missing(SparkSession spark, String location, List<Path> files) {
    if (files.isEmpty()) {
      return List.of();
    }
    try {
      Path root = new Path(location);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      List<Path> missing = new ArrayList<>();
      if (files.size() <= LOOKUPS) {
        for (Path file : files) {
          if (!fs.exists(file)) {
            missing.add(file);
          }
        }
        return missing;
      }
      Set<String> present = new HashSet<>();
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(root, true);
      while (listing.hasNext()) {
        present.add(listing.next().getPath().toString());
      }
      for (Path file : files) {
        if (!present.contains(fs.makeQualified(file).toString())) {
          missing.add(file);
        }
      }
      return missing;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for the data files of Delta table " + location + ": " + e.getMessage(), e);
    }
  }

  /** A log path resolved as Delta resolves it: URL-decoded, relative to the table unless absolute. */
  static Path absolute(String location, String logPath) {
    try {
      Path path = new Path(new URI(logPath));
      return path.isAbsolute() ? path : new Path(new Path(location), path);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Delta table " + location + " lists a file with an invalid path '" + logPath + "'", e);
    }
  }

  private static DeltaTable table(SparkSession spark, String location) {
    try {
      return DeltaTable.forPath(spark, location);
    } catch (Exception e) { // the Scala API throws checked AnalysisExceptions without declaring them
      if (e instanceof org.apache.spark.sql.AnalysisException) {
        throw new IllegalArgumentException("no Delta table at " + location + " (" + e.getMessage() + "); give the directory that holds _delta_log",
            e);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
