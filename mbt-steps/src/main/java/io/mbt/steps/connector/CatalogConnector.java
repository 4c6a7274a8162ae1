package io.mbt.steps.connector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Table;
import scala.collection.JavaConverters;

/**
 * {@code catalog}: tables of the session's Spark catalog ({@code spark.table}): Hive metastore,
 * Unity Catalog, Glue. Config {@code catalog} and {@code database} qualify unqualified table names
 * ({@code churn} becomes {@code catalog.database.churn}); a name with a dot is used as written.
 *
 * <p>A Delta catalog table has versions: {@link #currentVersion} and {@link #deltaLocation} come
 * from the catalog's metadata, and a versioned read is {@code VERSION AS OF} on the table's name.
 */
public final class CatalogConnector implements DataConnector {
  public static final String NAME = "catalog";

  private final Optional<String> catalog;
  private final Optional<String> database;

  /** The prototype ServiceLoader creates; {@link #configure} it before reading. */
  public CatalogConnector() {
    this(Optional.empty(), Optional.empty());
  }

  private CatalogConnector(Optional<String> catalog, Optional<String> database) {
    this.catalog = catalog;
    this.database = database;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CatalogConnector configure(Map<String, Object> config, Path projectDir) {
    ConnectorConfig c = new ConnectorConfig(NAME, config);
    return new CatalogConnector(c.string("catalog"), c.string("database"));
  }

  /** The name {@code spark.table} is given for {@code table}. */
  String qualify(String table) {
    if (table.contains(".")) {
      return table;
    }
    return Stream.of(catalog, database, Optional.of(table)).flatMap(Optional::stream).collect(Collectors.joining("."));
  }

  /** The namespace unqualified names live in, for listings: {@code catalog.database}, the database, or the current one. */
  private String namespace(SparkSession spark, String qualifiedTable) {
    int dot = qualifiedTable.lastIndexOf('.');
    if (dot > 0) {
      return qualifiedTable.substring(0, dot);
    }
    return spark.catalog().currentDatabase();
  }

  @Override
  public Dataset<Row> read(SparkSession spark, String table, ReadOptions options) {
    String name = existing(spark, table);
    Dataset<Row> data = options.version().isPresent() ? atVersion(spark, table, name, options.version().get()) : spark.table(name);
    return options.applyTo(data, table, "catalog table " + name);
  }

  /** By name, not by path: managed tables (Unity Catalog) may refuse path access. */
  private static Dataset<Row> atVersion(SparkSession spark, String table, String name, long version) {
    Described described = describe(spark, name);
    if (!described.isDelta()) {
      throw new IllegalStateException("table '" + table + "' (catalog table " + name + ") is not a Delta table (provider: "
          + described.provider().orElse("none") + "), so it has no versions to read");
    }
    return spark.sql("SELECT * FROM " + quoted(spark, name) + " VERSION AS OF " + version);
  }

  /** A Delta table's newest version, read from its transaction log. */
  @Override
  public Optional<Long> currentVersion(SparkSession spark, String table) {
    return deltaLocation(spark, table).map(uri -> DeltaTables.currentVersion(spark, uri));
  }

  /** The table's location as the catalog records it, if the table is a Delta table. */
  @Override
  public Optional<String> deltaLocation(SparkSession spark, String table) {
    Described described = describe(spark, existing(spark, table));
    return described.isDelta() ? described.location() : Optional.empty();
  }

  /** The qualified name of {@code table}, which must exist. */
  private String existing(SparkSession spark, String table) {
    String name = qualify(table);
    if (!spark.catalog().tableExists(name)) {
      throw ConnectorErrors.tableNotFound(NAME, table, "catalog table " + name, tables(spark, namespace(spark, name)));
    }
    return name;
  }

  /** What the catalog records of a table: its provider ({@code delta}, {@code parquet}, {@code hive}) and location. */
  record Described(Optional<String> provider, Optional<String> location) {
    boolean isDelta() {
      return provider.filter("delta"::equalsIgnoreCase).isPresent();
    }
  }

  /**
   * {@code DESCRIBE TABLE EXTENDED}, not the session catalog's {@code getTableMetadata}: that knows
   * only 1-2-part names of {@code spark_catalog} (Hive metastore, Glue), while DESCRIBE resolves a
   * name through whichever catalog holds it (a V2 catalog such as Unity's for {@code
   * catalog.schema.table}), and both its V1 and V2 forms list Provider and Location. A command: it
   * runs on the driver, no Spark job.
   */
  private static Described describe(SparkSession spark, String name) {
    Map<String, String> details = new HashMap<>();
    boolean inDetails = false; // above the header are the columns, and a column may be named Location
    for (Row row : spark.sql("DESCRIBE TABLE EXTENDED " + quoted(spark, name)).collectAsList()) {
      String key = row.isNullAt(0) ? "" : row.getString(0).trim();
      if (key.equals("# Detailed Table Information")) {
        inDetails = true;
      } else if (inDetails && !row.isNullAt(1) && !row.getString(1).isBlank()) {
        details.putIfAbsent(key, row.getString(1).trim());
      }
    }
    return new Described(Optional.ofNullable(details.get("Provider")), Optional.ofNullable(details.get("Location")));
  }

  /** {@code name} for SQL, each part in backticks; parsed as {@code spark.table} parses it, so a part already quoted stays one. */
  static String quoted(SparkSession spark, String name) {
    List<String> parts;
    try {
      parts = JavaConverters.seqAsJavaList(spark.sessionState().sqlParser().parseMultipartIdentifier(name));
    } catch (org.apache.spark.sql.catalyst.parser.ParseException e) {
      throw new IllegalArgumentException("'" + name + "' is not a table name: " + e.getMessage(), e);
    }
    return parts.stream().map(p -> "`" + p.replace("`", "``") + "`").collect(Collectors.joining("."));
  }

  private static List<String> tables(SparkSession spark, String namespace) {
    try {
      List<String> names = new ArrayList<>();
      for (Table t : spark.catalog().listTables(namespace).collectAsList()) {
        names.add(t.name());
      }
      return names;
    } catch (org.apache.spark.sql.AnalysisException | RuntimeException e) {
      return List.of("(cannot list " + namespace + ": " + e.getMessage() + ")");
    }
  }

  @Override
  public ConnectionCheck validateConnection(SparkSession spark) {
    try {
      String ns = namespace(spark, qualify("probe"));
      if (database.isPresent() && !spark.catalog().databaseExists(ns)) {
        return ConnectionCheck.failed("database " + ns + " does not exist in the Spark catalog; fix data_connector.config.database");
      }
      return ConnectionCheck.ok("Spark catalog database " + ns + " is reachable (" + tables(spark, ns).size() + " tables)");
    } catch (RuntimeException e) {
      return ConnectionCheck.failed("cannot reach the Spark catalog: " + e.getMessage());
    }
  }
}
