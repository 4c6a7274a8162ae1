package io.mbt.steps.connector;

import io.mbt.steps.api.StepFailedException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code jdbc}: any database with a JDBC driver on the class path, read by Spark's JDBC source
 * (columns and the date filter are pushed into the query). Config: {@code url} (required), {@code
 * user}, {@code password} (resolved from secrets before the step runs; never logged), {@code
 * driver}, {@code schema} for unqualified table names, {@code fetch_size}, {@code num_partitions},
 * and {@code options}: extra Spark JDBC options such as {@code partitionColumn}, {@code
 * lowerBound}, {@code upperBound} for parallel reads.
 */
public final class JdbcConnector implements DataConnector {
  public static final String NAME = "jdbc";

  private final String url;
  private final Optional<String> user;
  private final Optional<String> password;
  private final Optional<String> driver;
  private final Optional<String> schema;
  private final Map<String, String> options;

  /** The prototype ServiceLoader creates; {@link #configure} it before reading. */
  public JdbcConnector() {
    this(null, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
  }

  private JdbcConnector(String url, Optional<String> user, Optional<String> password, Optional<String> driver, Optional<String> schema,
      Map<String, String> options) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.driver = driver;
    this.schema = schema;
    this.options = options;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JdbcConnector configure(Map<String, Object> config, Path projectDir) {
    ConnectorConfig c = new ConnectorConfig(NAME, config);
    String url = c.requiredString("url");
    if (!url.startsWith("jdbc:")) {
      throw ConnectorErrors.badConfig(NAME, "url", redact(url), "a JDBC URL starting with 'jdbc:'");
    }
    Map<String, String> extra = new LinkedHashMap<>();
    c.positiveInt("fetch_size").ifPresent(n -> extra.put("fetchsize", String.valueOf(n)));
    c.positiveInt("num_partitions").ifPresent(n -> extra.put("numPartitions", String.valueOf(n)));
    extra.putAll(c.stringMap("options"));
    return new JdbcConnector(url, c.string("user"), c.string("password"), c.string("driver"), c.string("schema"), Map.copyOf(extra));
  }

  /** The Spark JDBC options for reading {@code table}, credentials included. */
  Map<String, String> sparkOptions(String table) {
    requireConfigured();
    Map<String, String> out = new LinkedHashMap<>(options);
    out.put("url", url);
    out.put("dbtable", qualify(table));
    user.ifPresent(u -> out.put("user", u));
    password.ifPresent(p -> out.put("password", p));
    driver.ifPresent(d -> out.put("driver", d));
    return out;
  }

  String qualify(String table) {
    return table.contains(".") || schema.isEmpty() ? table : schema.get() + "." + table;
  }

  @Override
  public Dataset<Row> read(SparkSession spark, String table, ReadOptions readOptions) {
    if (readOptions.version().isPresent()) {
      throw new IllegalStateException(NAME + " tables have no versions to read; this connector's currentVersion is always empty");
    }
    String location = redact(url) + " table " + qualify(table);
    Dataset<Row> data;
    try {
      // load() resolves the schema with a query, so a missing table fails here.
      data = spark.read().format("jdbc").options(sparkOptions(table)).load();
    } catch (Exception e) { // Spark rethrows the driver's SQLException unchecked
      if (e instanceof StepFailedException) {
        throw (StepFailedException) e;
      }
      Optional<List<String>> existing = listTables();
      if (existing.isPresent() && existing.get().stream().noneMatch(t -> t.equalsIgnoreCase(qualify(table)) || t.equalsIgnoreCase(table))) {
        throw ConnectorErrors.tableNotFound(NAME, table, location, existing.get());
      }
      throw ConnectorErrors.readFailed(NAME, table, location, e);
    }
    return readOptions.applyTo(data, table, location);
  }

  /** Tables and views visible to the user (in {@code schema} if set), or empty if the database cannot be asked. */
  private Optional<List<String>> listTables() {
    try (Connection conn = connect(); ResultSet rs = conn.getMetaData().getTables(null, schema.orElse(null), "%", new String[] {"TABLE", "VIEW"})) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        String s = rs.getString("TABLE_SCHEM");
        String n = rs.getString("TABLE_NAME");
        names.add(s == null || schema.isPresent() ? n : s + "." + n);
      }
      return Optional.of(names);
    } catch (SQLException | RuntimeException | ReflectiveOperationException e) {
      return Optional.empty();
    }
  }

  private Connection connect() throws SQLException, ReflectiveOperationException {
    if (driver.isPresent()) {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      java.sql.Driver d = (java.sql.Driver) Class.forName(driver.get(), true, loader == null ? getClass().getClassLoader() : loader)
          .getDeclaredConstructor().newInstance();
      Properties props = new Properties();
      user.ifPresent(u -> props.setProperty("user", u));
      password.ifPresent(p -> props.setProperty("password", p));
      Connection c = d.connect(url, props);
      if (c == null) {
        throw new SQLException("driver " + driver.get() + " does not accept " + redact(url));
      }
      return c;
    }
    return DriverManager.getConnection(url, user.orElse(null), password.orElse(null));
  }

  @Override
  public ConnectionCheck validateConnection(SparkSession spark) {
    requireConfigured();
    try (Connection conn = connect()) {
      if (!conn.isValid(10)) {
        return ConnectionCheck.failed("connected to " + redact(url) + " but the connection is not valid");
      }
      return ConnectionCheck.ok("connected to " + redact(url) + (user.isPresent() ? " as " + user.get() : ""));
    } catch (SQLException | RuntimeException | ReflectiveOperationException e) {
      return ConnectionCheck.failed("cannot connect to " + redact(url) + ": " + e.getMessage()
          + "; check url, user, password and that the driver jar is on the class path");
    }
  }

  /** The URL without credentials it may carry ({@code user:pw@host}, {@code password=...}). */
  static String redact(String url) {
    return url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=***").replaceAll("//[^/@]*:[^/@]*@", "//***@");
  }

  private void requireConfigured() {
    if (url == null) {
      throw new IllegalStateException("the jdbc connector is not configured; get it from DataConnectors.get");
    }
  }
}
