package io.mbt.steps.validation;

import io.mbt.compiler.model.CheckSpec;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;

/** {@code value_range}: values outside {@code [min, max]} fail (nulls are null_threshold's business); skip_row drops them. */
final class ValueRangeCheck implements PlannedCheck {
  private final CheckSpec.ValueRange spec;
  private final DataType type;

  /** @param type the column's type, or null if the column is missing */
  ValueRangeCheck(CheckSpec.ValueRange spec, DataType type) {
    this.spec = spec;
    this.type = type;
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }

  private Column outside() {
    Column x = Cols.col(spec.column()).cast("double");
    Column below = spec.min().map(m -> x.lt(m)).orElse(functions.lit(false));
    Column above = spec.max().map(m -> x.gt(m)).orElse(functions.lit(false));
    return functions.coalesce(below.or(above), functions.lit(false));
  }

  private String key() {
    return "outside:" + spec.column() + ":" + spec.min().orElse(Double.NEGATIVE_INFINITY) + ":" + spec.max().orElse(Double.POSITIVE_INFINITY);
  }

  @Override
  public void plan(AggregatePass pass) {
    if (usable()) {
      Column x = Cols.col(spec.column()).cast("double");
      pass.add(key(), () -> functions.count(functions.when(outside(), functions.lit(1))));
      pass.add("min:" + spec.column(), () -> functions.min(x));
      pass.add("max:" + spec.column(), () -> functions.max(x));
    }
  }

  private boolean usable() {
    return type instanceof NumericType;
  }

  @Override
  public Finding evaluate(AggregatePass pass, ProfileStats stats) {
    List<String> columns = List.of(spec.column());
    if (type == null) {
      return Finding.fail(columns, "column '" + spec.column() + "' is not in the data");
    }
    if (!usable()) {
      return Finding.fail(columns, "column '" + spec.column() + "' has type " + type.simpleString() + "; value_range needs a number (cast it"
          + " with schema.column_types)");
    }
    String range = "[" + spec.min().map(Format::number).orElse("-inf") + ", " + spec.max().map(Format::number).orElse("inf") + "]";
    long outside = pass.longAt(pass.slot(key()));
    String seen = "min " + pass.doubleAt(pass.slot("min:" + spec.column())).map(Format::number).orElse("-")
        + ", max " + pass.doubleAt(pass.slot("max:" + spec.column())).map(Format::number).orElse("-");
    if (outside == 0) {
      return Finding.pass(columns, "all values in " + range + " (" + seen + ")");
    }
    return Finding.failRows(columns, outside + " of " + pass.rows() + " values outside " + range + " (" + seen + ")", outside());
  }
}
