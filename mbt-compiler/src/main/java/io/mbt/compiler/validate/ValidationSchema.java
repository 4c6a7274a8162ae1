package io.mbt.compiler.validate;

import static io.mbt.compiler.validate.Shapes.enumOf;
import static io.mbt.compiler.validate.Shapes.listOf;
import static io.mbt.compiler.validate.Shapes.mapOf;
import static io.mbt.compiler.validate.Shapes.nonEmptyListOf;
import static io.mbt.compiler.validate.Shapes.number;
import static io.mbt.compiler.validate.Shapes.object;
import static io.mbt.compiler.validate.Shapes.string;

import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.model.CheckSpec;
import io.mbt.compiler.model.CheckType;
import io.mbt.compiler.model.ColumnType;
import io.mbt.compiler.model.OnFailure;
import io.mbt.compiler.model.ValidationSpec;
import io.mbt.compiler.yaml.YScalar;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code training.validation}: the seven blueprint checks plus {@code label_leakage}. */
final class ValidationSchema {
  private ValidationSchema() {}

  static Shape<ValidationSpec> shape() {
    return object("the validation section", f -> new ValidationSpec(
        f.optional("on_failure", enumOf(OnFailure.class), OnFailure.FAIL),
        f.optional("checks", listOf(check()), List.of())));
  }

  static Shape<CheckSpec> check() {
    return object("a validation check with a type", f -> {
      CheckType type = f.required("type", enumOf(CheckType.class));
      Optional<OnFailure> onFailure = f.optional("on_failure", enumOf(OnFailure.class));
      if (type == null) {
        f.allow(f.node().keys().toArray(String[]::new)); // unknown type: don't also flag its parameters
        return null;
      }
      CheckSpec check = switch (type) {
        case NULL_THRESHOLD -> nullThreshold(f, onFailure);
        case VALUE_RANGE -> {
          String column = f.required("column", string());
          Optional<Double> min = f.optional("min", number());
          Optional<Double> max = f.optional("max", number());
          f.check(min.isPresent() || max.isPresent(), "column", ErrorCode.MISSING_REQUIRED, "value_range needs 'min', 'max' or both",
              "add e.g. 'min: 0' and 'max: 500'");
          f.check(min.isEmpty() || max.isEmpty() || min.get() <= max.get(), "min", ErrorCode.INVALID_VALUE,
              "min (" + min.orElse(0.0) + ") is greater than max (" + max.orElse(0.0) + ")", "swap them");
          yield column == null ? null : new CheckSpec.ValueRange(column, min, max, onFailure);
        }
        case EXPECTED_COLUMNS -> {
          List<String> columns = f.required("columns", nonEmptyListOf(string()));
          yield columns == null ? null : new CheckSpec.ExpectedColumns(columns, onFailure);
        }
        case UNIQUE_KEY -> {
          List<String> columns = f.required("columns", Shapes.oneOrMany(string()));
          yield columns == null ? null : new CheckSpec.UniqueKey(columns, onFailure);
        }
        case TYPE_CHECK -> {
          Map<String, ColumnType> types = f.required("column_types", mapOf(enumOf(ColumnType.class)));
          yield types == null ? null : new CheckSpec.TypeCheck(types, onFailure);
        }
        case DISTRIBUTION_DRIFT -> {
          String reference = f.required("reference_run_id", string());
          Double threshold = f.optional("threshold", number(0.0, 10.0), 0.1);
          List<String> columns = f.optional("columns", listOf(string()), List.of());
          Integer bins = f.optional("bins", Shapes.smallInt(2, 1000), 10);
          yield reference == null || threshold == null ? null : new CheckSpec.DistributionDrift(reference, threshold, columns, bins, onFailure);
        }
        case CUSTOM -> {
          String className = f.required("class", CommonShapes.className());
          Map<String, Object> config = f.optional("config", Shapes.plainMap(), Map.of());
          yield className == null ? null : new CheckSpec.Custom(className, config, onFailure);
        }
        case LABEL_LEAKAGE -> {
          Double threshold = f.optional("threshold", number(0.0, 1.0), 0.95);
          List<String> columns = f.optional("columns", listOf(string()), List.of());
          yield threshold == null ? null : new CheckSpec.LabelLeakage(threshold, columns, onFailure);
        }
      };
      if (check != null && !check.isRowLevel() && onFailure.orElse(null) == OnFailure.SKIP_ROW) {
        f.check(false, "on_failure", ErrorCode.INVALID_VALUE,
            "on_failure: skip_row needs a row-level check (null_threshold, value_range); " + type.yamlName() + " judges the whole data set",
            "use on_failure: fail or warn");
      }
      return check;
    });
  }

  private static CheckSpec nullThreshold(Fields f, Optional<OnFailure> onFailure) {
    boolean all = f.node().get("columns").map(n -> n instanceof YScalar s && "*".equals(s.text())).orElse(false);
    List<String> columns = all ? List.of() : f.required("columns", Shapes.oneOrMany(string()));
    f.allow("columns");
    Double max = f.required("max_null_pct", number(0.0, 1.0));
    return columns == null || max == null ? null : new CheckSpec.NullThreshold(columns, all, max, onFailure);
  }
}
