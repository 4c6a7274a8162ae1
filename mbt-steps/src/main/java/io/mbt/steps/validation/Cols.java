package io.mbt.steps.validation;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

/** Column helpers: quoting, and how a column is profiled. */
final class Cols {
  private Cols() {}

  /** A column by its exact name (dots and spaces are not paths). */
  static Column col(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }

  static Column text(String name) {
    return col(name).cast("string");
  }

  /** numeric, categorical or other, as in {@link DataProfile}; {@code categoricalColumns} wins over a numeric type. */
  static String kind(String name, DataType type, List<String> categoricalColumns) {
    if (categoricalColumns.contains(name) || type instanceof StringType || type instanceof BooleanType) {
      return DataProfile.CATEGORICAL;
    }
    return type instanceof NumericType ? DataProfile.NUMERIC : DataProfile.OTHER;
  }
}
