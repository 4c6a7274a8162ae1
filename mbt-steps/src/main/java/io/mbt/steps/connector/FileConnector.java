package io.mbt.steps.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code local_file}: tables as files under {@code data_path} (a directory relative to the project,
 * or any Hadoop URI: {@code file://}, {@code s3a://}, {@code abfss://}, {@code gs://}).
 *
 * <p>Config: {@code format} ({@code auto} default, {@code csv}, {@code parquet}, {@code delta});
 * {@code csv_options} for Spark's CSV reader (default {@code header} and {@code inferSchema} true);
 * {@code tables}, a map of table name to file name when they differ. With {@code auto}, a table is
 * the first of {@code <table>} (a Delta directory), {@code <table>.parquet}, {@code <table>.csv}, or
 * {@code <table>} itself (a directory of Parquet or CSV parts).
 */
public final class FileConnector implements DataConnector {
  public static final String NAME = "local_file";
  private static final List<String> FORMATS = List.of("auto", "csv", "parquet", "delta");

  private final String dataPath;
  private final String format;
  private final Map<String, String> csvOptions;
  private final Map<String, String> tables;

  /** The prototype ServiceLoader creates; {@link #configure} it before reading. */
  public FileConnector() {
    this(null, "auto", Map.of(), Map.of());
  }

  private FileConnector(String dataPath, String format, Map<String, String> csvOptions, Map<String, String> tables) {
    this.dataPath = dataPath;
    this.format = format;
    this.csvOptions = csvOptions;
    this.tables = tables;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FileConnector configure(Map<String, Object> config, Path projectDir) {
    ConnectorConfig c = new ConnectorConfig(NAME, config);
    String path = c.requiredString("data_path");
    String fmt = c.string("format").orElse("auto").toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(fmt)) {
      throw ConnectorErrors.badConfig(NAME, "format", fmt, "one of " + FORMATS);
    }
    Map<String, String> csv = new LinkedHashMap<>();
    csv.put("header", "true");
    csv.put("inferSchema", "true");
    csv.putAll(c.stringMap("csv_options"));
    return new FileConnector(resolve(path, projectDir), fmt, Map.copyOf(csv), c.stringMap("tables"));
  }

  /** The data directory as a URI: kept if it has a scheme, else resolved against the project. */
  static String resolve(String path, Path projectDir) {
    if (hasScheme(path)) {
      return trimSlash(path);
    }
    return trimSlash(projectDir.resolve(path).toAbsolutePath().normalize().toUri().toString());
  }

  private static boolean hasScheme(String path) {
    try {
      String scheme = URI.create(path.replace(" ", "%20")).getScheme();
      return scheme != null && scheme.length() > 1; // "C:" is a drive, not a scheme
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String trimSlash(String s) {
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** The data directory this connector reads (a URI). */
  public String dataPath() {
    return requireConfigured();
  }

  @Override
  public Dataset<Row> read(SparkSession spark, String table, ReadOptions options) {
    Located located = locate(spark, table);
    DataFrameReader reader = spark.read();
    if (options.version().isPresent() && !located.format().equals("delta")) {
      throw new IllegalStateException("table '" + table + "' at " + located.uri() + " is " + located.format() + ", which has no versions to read");
    }
    Dataset<Row> data = switch (located.format()) {
      case "csv" -> reader.options(csvOptions).csv(located.uri());
      case "parquet" -> reader.parquet(located.uri());
      default -> options.version().map(v -> reader.format("delta").option("versionAsOf", v)).orElse(reader.format("delta")).load(located.uri());
    };
    return options.applyTo(data, table, located.uri());
  }

  /** A Delta table's newest version, read from its transaction log. */
  @Override
  public java.util.Optional<Long> currentVersion(SparkSession spark, String table) {
    return deltaLocation(spark, table).map(uri -> DeltaTables.currentVersion(spark, uri));
  }

  /** The table's directory, if the table is a Delta table. */
  @Override
  public java.util.Optional<String> deltaLocation(SparkSession spark, String table) {
    Located located = locate(spark, table);
    return located.format().equals("delta") ? java.util.Optional.of(located.uri()) : java.util.Optional.empty();
  }

  /** With {@code format: delta}: {@code <data_path>/<table>} (or the file the {@code tables} map names). */
  @Override
  public java.util.Optional<String> deltaTableLocation(String table) {
    return format.equals("delta") ? java.util.Optional.of(requireConfigured() + "/" + tables.getOrDefault(table, table))
        : java.util.Optional.empty();
  }

  /** Where a table is read from (a URI), for records and messages. */
  public String location(SparkSession spark, String table) {
    return locate(spark, table).uri();
  }

  /** Where a table's files are and in which format. */
  record Located(String uri, String format) {}

  Located locate(SparkSession spark, String table) {
    String base = requireConfigured();
    String file = tables.getOrDefault(table, table);
    FileSystem fs = fileSystem(spark, base);
    List<String> tried = new ArrayList<>();
    for (Located candidate : candidates(base, file)) {
      tried.add(candidate.uri());
      if (matches(fs, candidate)) {
        return candidate.format().equals("parts") ? new Located(candidate.uri(), partsFormat(fs, candidate.uri())) : candidate;
      }
    }
    throw ConnectorErrors.tableNotFound(NAME, table, String.join(", ", tried), list(fs, base));
  }

  private List<Located> candidates(String base, String file) {
    String path = base + "/" + file;
    String lower = file.toLowerCase(Locale.ROOT);
    List<Located> out = new ArrayList<>();
    if (format.equals("delta") || format.equals("auto") && !lower.endsWith(".csv") && !lower.endsWith(".parquet")) {
      out.add(new Located(path, "delta"));
    }
    for (String f : List.of("parquet", "csv")) {
      if (format.equals(f) || format.equals("auto")) {
        if (lower.endsWith("." + f)) {
          out.add(new Located(path, f));
        } else if (!lower.endsWith(".csv") && !lower.endsWith(".parquet")) {
          out.add(new Located(path + "." + f, f));
        }
      }
    }
    if (!lower.endsWith(".csv") && !lower.endsWith(".parquet")) {
      // A directory of part files (what Spark writes), named like the table.
      if (format.equals("auto")) {
        out.add(new Located(path, "parts"));
      } else if (!format.equals("delta")) {
        out.add(new Located(path, format));
      }
    }
    return out;
  }

  private static boolean matches(FileSystem fs, Located candidate) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(candidate.uri());
    try {
      if (candidate.format().equals("delta")) {
        return fs.exists(new org.apache.hadoop.fs.Path(p, "_delta_log"));
      }
      return fs.exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for " + candidate.uri() + ": " + e.getMessage(), e);
    }
  }

  /** Parquet if the directory holds Parquet parts, else CSV. */
  private static String partsFormat(FileSystem fs, String uri) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
      if (fs.getFileStatus(p).isDirectory()) {
        for (FileStatus s : fs.listStatus(p)) {
          if (s.getPath().getName().endsWith(".parquet")) {
            return "parquet";
          }
        }
      }
      return "csv";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + uri + ": " + e.getMessage(), e);
    }
  }

  @Override
  public ConnectionCheck validateConnection(SparkSession spark) {
    String base = requireConfigured();
    try {
      FileSystem fs = fileSystem(spark, base);
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(base);
      if (!fs.exists(p)) {
        return ConnectionCheck.failed("data_path " + base + " does not exist; fix data_connector.config.data_path");
      }
      return ConnectionCheck.ok("data_path " + base + " is readable (" + list(fs, base).size() + " entries, format " + format + ")");
    } catch (IOException | RuntimeException e) {
      return ConnectionCheck.failed("cannot open data_path " + base + ": " + e.getMessage());
    }
  }

  private String requireConfigured() {
    if (dataPath == null) {
      throw new IllegalStateException("the local_file connector is not configured; get it from DataConnectors.get");
    }
    return dataPath;
  }

  private static FileSystem fileSystem(SparkSession spark, String base) {
    try {
      return new org.apache.hadoop.fs.Path(base).getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + base + ": " + e.getMessage(), e);
    }
  }

  private static List<String> list(FileSystem fs, String base) {
    try {
      List<String> names = new ArrayList<>();
      for (FileStatus s : fs.listStatus(new org.apache.hadoop.fs.Path(base))) {
        String n = s.getPath().getName();
        if (!n.startsWith(".") && !n.startsWith("_")) {
          names.add(n);
        }
      }
      return names;
    } catch (java.io.FileNotFoundException e) {
      return List.of("(" + base + " does not exist)");
    } catch (IOException e) {
      return List.of("(cannot list " + base + ": " + e.getMessage() + ")");
    }
  }
}
