package io.mbt.steps.transform;

import java.util.List;

/**
 * Spark SQL text for the {@link org.apache.spark.ml.feature.SQLTransformer} stages MBT generates:
 * quoted identifiers and literals, and statements that keep every input column.
 */
public final class SqlText {
  /** The table name SQLTransformer replaces with its input. */
  public static final String THIS = "__THIS__";

  private SqlText() {}

  /** A column name as a Spark SQL identifier: backquoted, backquotes doubled. */
  public static String identifier(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  /** A Spark SQL string literal (backslash is the escape character by default). */
  public static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * {@code SELECT *, e1, e2 FROM __THIS__}: every input column (including ones the statement
   * does not know about, so it replays on scoring data), plus the given expressions.
   */
  public static String selectAllWith(List<String> expressions) {
    return "SELECT *, " + String.join(", ", expressions) + " FROM " + THIS;
  }
}
