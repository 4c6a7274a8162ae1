package io.mbt.steps.transform;

/**
 * Spark SQL text MBT writes or checks: quoted identifiers for column expressions, and the table
 * name a custom transform's SQLTransformer statement reads from.
 */
public final class SqlText {
  /** The table name SQLTransformer replaces with its input. */
  public static final String THIS = "__THIS__";

  private SqlText() {}

  /** A column name as a Spark SQL identifier: backquoted, backquotes doubled. */
  public static String identifier(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
