package io.mbt.steps.connector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Table;

/**
 * {@code catalog}: tables of the session's Spark catalog ({@code spark.table}): Hive metastore,
 * Unity Catalog, Glue. Config {@code catalog} and {@code database} qualify unqualified table names
 * ({@code churn} becomes {@code catalog.database.churn}); a name with a dot is used as written.
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
    if (options.version().isPresent()) {
      throw new IllegalStateException(NAME + " tables have no versions to read; this connector's currentVersion is always empty");
    }
    String name = qualify(table);
    if (!spark.catalog().tableExists(name)) {
      String ns = namespace(spark, name);
      throw ConnectorErrors.tableNotFound(NAME, table, "catalog table " + name, tables(spark, ns));
    }
    return options.applyTo(spark.table(name), table, "catalog table " + name);
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
