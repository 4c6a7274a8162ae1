package io.mbt.steps.validation;

import io.mbt.compiler.model.CheckSpec;
import io.mbt.compiler.model.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;

/** {@code expected_columns} and {@code type_check}: judged on the schema alone, without a Spark job. */
final class SchemaChecks {
  private SchemaChecks() {}

  static PlannedCheck expectedColumns(CheckSpec.ExpectedColumns spec, StructType schema) {
    return new PlannedCheck() {
      @Override
      public CheckSpec spec() {
        return spec;
      }

      @Override
      public Finding evaluate(AggregatePass pass, ProfileStats stats) {
        List<String> present = List.of(schema.fieldNames());
        List<String> missing = spec.columns().stream().filter(c -> !present.contains(c)).toList();
        if (missing.isEmpty()) {
          return Finding.pass(spec.columns(), "all " + spec.columns().size() + " expected columns are present");
        }
        List<String> hints = new ArrayList<>();
        for (String m : missing) {
          present.stream().filter(p -> p.equalsIgnoreCase(m)).findFirst().ifPresent(p -> hints.add("'" + m + "' is spelled '" + p + "' in the data"));
        }
        return Finding.fail(missing, "missing columns " + missing + (hints.isEmpty() ? "" : " (" + String.join("; ", hints) + ")")
            + "; columns: " + String.join(", ", present));
      }
    };
  }

  static PlannedCheck typeCheck(CheckSpec.TypeCheck spec, StructType schema) {
    return new PlannedCheck() {
      @Override
      public CheckSpec spec() {
        return spec;
      }

      @Override
      public Finding evaluate(AggregatePass pass, ProfileStats stats) {
        List<String> problems = new ArrayList<>();
        List<String> present = List.of(schema.fieldNames());
        for (Map.Entry<String, ColumnType> e : spec.columnTypes().entrySet()) {
          if (!present.contains(e.getKey())) {
            problems.add(e.getKey() + " is missing");
            continue;
          }
          DataType actual = schema.apply(e.getKey()).dataType();
          if (!matches(e.getValue(), actual)) {
            problems.add(e.getKey() + " is " + actual.simpleString() + ", expected " + e.getValue().yamlName());
          }
        }
        List<String> columns = List.copyOf(spec.columnTypes().keySet());
        return problems.isEmpty()
            ? Finding.pass(columns, "all " + columns.size() + " columns have the expected types")
            : Finding.fail(columns, "type mismatches: " + String.join("; ", problems));
      }
    };
  }

  static boolean matches(ColumnType expected, DataType actual) {
    return switch (expected) {
      case DECIMAL -> actual instanceof DecimalType;
      case TIMESTAMP -> actual.equals(DataTypes.TimestampType) || actual instanceof TimestampNTZType;
      default -> sparkType(expected).map(actual::equals).orElse(false);
    };
  }

  private static Optional<DataType> sparkType(ColumnType type) {
    return Optional.ofNullable(switch (type) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case FLOAT -> DataTypes.FloatType;
      case BOOLEAN -> DataTypes.BooleanType;
      case DATE -> DataTypes.DateType;
      default -> null;
    });
  }
}
