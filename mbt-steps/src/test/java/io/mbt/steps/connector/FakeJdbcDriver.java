package io.mbt.steps.connector;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory JDBC driver for {@code jdbc:fake:} URLs, enough for Spark's JDBC source: one table
 * {@code sales.customers (id INTEGER, name VARCHAR, score DOUBLE)} with three rows. It answers
 * {@code SELECT <columns> FROM <table> ...} (ignoring any WHERE), lists its tables through {@link
 * DatabaseMetaData#getTables}, and refuses logins other than {@code mbt}/{@code secret}.
 */
public final class FakeJdbcDriver implements Driver {
  static final List<String> COLUMNS = List.of("id", "name", "score");
  private static final int[] TYPES = {Types.INTEGER, Types.VARCHAR, Types.DOUBLE};
  private static final List<Object[]> ROWS = List.of(new Object[] {1, "ann", 0.5}, new Object[] {2, "bob", 0.7},
      new Object[] {3, "cy", 0.9});
  private static final Pattern SELECT = Pattern.compile("(?is)SELECT\\s+(.*?)\\s+FROM\\s+(\\S+).*");

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    if (!"mbt".equals(info.getProperty("user")) || !"secret".equals(info.getProperty("password"))) {
      throw new SQLException("login failed for user " + info.getProperty("user"));
    }
    return proxy(Connection.class, (p, m, args) -> switch (m.getName()) {
      case "prepareStatement" -> statement((String) args[0]);
      case "getMetaData" -> proxy(DatabaseMetaData.class, (p2, m2, a2) -> m2.getName().equals("getTables")
          ? resultSet(List.of("TABLE_SCHEM", "TABLE_NAME"), new int[] {Types.VARCHAR, Types.VARCHAR}, List.<Object[]>of(new Object[] {"sales", "customers"}))
          : defaultValue(m2.getReturnType()));
      case "isValid", "getAutoCommit" -> true;
      default -> defaultValue(m.getReturnType());
    });
  }

  private static PreparedStatement statement(String sql) {
    return proxy(PreparedStatement.class, (p, m, args) -> {
      if (!m.getName().equals("executeQuery")) {
        return defaultValue(m.getReturnType());
      }
      Matcher match = SELECT.matcher(sql.trim());
      if (!match.matches()) {
        throw new SQLException("unsupported SQL: " + sql);
      }
      String table = match.group(2).replace("\"", "").toLowerCase(Locale.ROOT);
      if (!table.equals("sales.customers") && !table.equals("customers")) {
        throw new SQLException("relation \"" + table + "\" does not exist");
      }
      List<String> columns = new ArrayList<>();
      for (String c : match.group(1).split(",")) {
        String name = c.trim().replace("\"", "");
        if (name.equals("*")) {
          columns.addAll(COLUMNS);
        } else if (!name.equals("1")) {
          columns.add(name);
        }
      }
      boolean schemaOnly = sql.contains("1=0");
      int[] types = columns.stream().mapToInt(c -> TYPES[COLUMNS.indexOf(c)]).toArray();
      List<Object[]> rows = new ArrayList<>();
      if (!schemaOnly) {
        for (Object[] row : ROWS) {
          rows.add(columns.stream().map(c -> row[COLUMNS.indexOf(c)]).toArray());
        }
      }
      return resultSet(columns, types, rows);
    });
  }

  private static ResultSet resultSet(List<String> columns, int[] types, List<Object[]> rows) {
    int[] position = {-1};
    Object[] last = {null};
    ResultSetMetaData meta = proxy(ResultSetMetaData.class, (p, m, args) -> switch (m.getName()) {
      case "getColumnCount" -> columns.size();
      case "getColumnLabel", "getColumnName" -> columns.get((Integer) args[0] - 1);
      case "getColumnType" -> types[(Integer) args[0] - 1];
      case "getColumnTypeName" -> types[(Integer) args[0] - 1] == Types.VARCHAR ? "VARCHAR" : types[(Integer) args[0] - 1] == Types.DOUBLE
          ? "DOUBLE" : "INTEGER";
      case "isNullable" -> ResultSetMetaData.columnNullable;
      case "isSigned" -> true;
      default -> defaultValue(m.getReturnType());
    });
    return proxy(ResultSet.class, (p, m, args) -> {
      switch (m.getName()) {
        case "next":
          position[0]++;
          return position[0] < rows.size();
        case "getMetaData":
          return meta;
        case "wasNull":
          return last[0] == null;
        case "getInt", "getString", "getDouble", "getObject":
          Object value = args[0] instanceof String name ? rows.get(position[0])[columns.indexOf(name)] : rows.get(position[0])[(Integer) args[0] - 1];
          last[0] = value;
          if (value == null) {
            return defaultValue(m.getReturnType());
          }
          return m.getName().equals("getString") ? String.valueOf(value) : value;
        default:
          return defaultValue(m.getReturnType());
      }
    });
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return (T) Proxy.newProxyInstance(FakeJdbcDriver.class.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
      if (m.getName().equals("unwrap") || m.getName().equals("isWrapperFor")) {
        return defaultValue(m.getReturnType());
      }
      if (m.getName().equals("hashCode")) {
        return System.identityHashCode(p);
      }
      if (m.getName().equals("equals")) {
        return p == args[0];
      }
      if (m.getName().equals("toString")) {
        return "fake " + type.getSimpleName();
      }
      return handler.invoke(p, m, args);
    });
  }

  private static final Map<Class<?>, Object> DEFAULTS = Map.of(boolean.class, false, int.class, 0, long.class, 0L, double.class, 0.0,
      float.class, 0f, short.class, (short) 0, byte.class, (byte) 0);

  private static Object defaultValue(Class<?> type) {
    return type.isPrimitive() ? DEFAULTS.get(type) : null;
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith("jdbc:fake:");
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }
}
