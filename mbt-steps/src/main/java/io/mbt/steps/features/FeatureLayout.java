package io.mbt.steps.features;

import io.mbt.compiler.model.SchemaSpec;
import io.mbt.steps.api.StepFailedException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The column conventions every transform step follows, so the feature set can be derived from a
 * schema at any point of the pipeline (and replayed in serving):
 *
 * <ul>
 *   <li>columns starting with {@code __} are MBT's own ({@link LabelInfo#INDEX_COLUMN},
 *       {@link #FEATURES}, {@link #NUMERIC}, {@link #NUMERIC_SCALED});
 *   <li>encoding adds {@code <col>__idx} (index) and, for one-hot, {@code <col>__ohe} (vector);
 *   <li>normalization assembles the numeric features into {@link #NUMERIC} and scales them into
 *       {@link #NUMERIC_SCALED};
 *   <li>the model reads {@link #FEATURES}, assembled from {@link #assemblerInputs}.
 * </ul>
 */
public final class FeatureLayout {
  public static final String FEATURES = "__features";
  public static final String NUMERIC = "__numeric";
  public static final String NUMERIC_SCALED = "__numeric_scaled";
  public static final String INDEX_SUFFIX = "__idx";
  public static final String ONE_HOT_SUFFIX = "__ohe";

  private final List<String> numeric;
  private final List<String> categorical;

  private FeatureLayout(List<String> numeric, List<String> categorical) {
    this.numeric = List.copyOf(numeric);
    this.categorical = List.copyOf(categorical);
  }

  /** The raw feature columns of {@code schema}: explicit {@code feature_columns}, or every column not otherwise claimed. */
  public static FeatureLayout of(StructType schema, SchemaSpec spec) {
    Set<String> excluded = new LinkedHashSet<>(spec.ignoredColumns());
    excluded.add(spec.target().labelColumn());
    excluded.addAll(spec.identifiers().primaryKey());
    spec.identifiers().partitionKey().ifPresent(excluded::add);
    List<String> candidates = new ArrayList<>();
    if (!spec.featureColumns().isEmpty()) {
      for (String c : spec.featureColumns()) {
        if (!List.of(schema.fieldNames()).contains(c)) {
          throw new StepFailedException("feature column '" + c + "' is not in the data; columns: " + String.join(", ", rawColumns(schema)),
              "fix training.schema.feature_columns");
        }
        candidates.add(c);
      }
    } else {
      for (StructField f : schema.fields()) {
        if (!excluded.contains(f.name()) && !isInternal(f.name())) {
          candidates.add(f.name());
        }
      }
    }
    List<String> numeric = new ArrayList<>();
    List<String> categorical = new ArrayList<>();
    for (String c : candidates) {
      DataType type = schema.apply(c).dataType();
      if (spec.categoricalColumns().contains(c) || type instanceof StringType) {
        categorical.add(c);
      } else if (type instanceof NumericType || type instanceof BooleanType) {
        numeric.add(c);
      } else {
        throw new StepFailedException("column '" + c + "' has type " + type.simpleString() + ", which a model cannot use",
            "add it to training.schema.ignored_columns, or cast it with schema.column_types");
      }
    }
    return new FeatureLayout(numeric, categorical);
  }

  public List<String> numeric() {
    return numeric;
  }

  public List<String> categorical() {
    return categorical;
  }

  /**
   * The columns to assemble into {@link #FEATURES} in {@code schema}: the scaled numeric vector if
   * present (else the numeric columns), then each categorical column's one-hot vector, index, or
   * (for numeric categoricals never encoded) the raw column.
   */
  public List<String> assemblerInputs(StructType schema) {
    Set<String> names = Set.of(schema.fieldNames());
    List<String> inputs = new ArrayList<>();
    if (names.contains(NUMERIC_SCALED)) {
      inputs.add(NUMERIC_SCALED);
    } else {
      inputs.addAll(numeric);
    }
    for (String c : categorical) {
      if (names.contains(c + ONE_HOT_SUFFIX)) {
        inputs.add(c + ONE_HOT_SUFFIX);
      } else if (names.contains(c + INDEX_SUFFIX)) {
        inputs.add(c + INDEX_SUFFIX);
      } else if (schema.apply(c).dataType() instanceof NumericType) {
        inputs.add(c);
      } else {
        throw new StepFailedException("column '" + c + "' holds text and was not encoded",
            "enable training.transformations.encoding, or add '" + c + "' to training.schema.ignored_columns");
      }
    }
    if (inputs.isEmpty()) {
      throw new StepFailedException("no feature columns are left to train on",
          "check training.schema: ignored_columns, identifiers and feature_columns exclude every column");
    }
    return inputs;
  }

  public static boolean isInternal(String column) {
    return column.startsWith("__") || column.endsWith(INDEX_SUFFIX) || column.endsWith(ONE_HOT_SUFFIX);
  }

  public static boolean isVector(DataType type) {
    return type.equals(SQLDataTypes.VectorType());
  }

  /** The user's columns (internal ones left out), for messages. */
  public static List<String> rawColumns(StructType schema) {
    List<String> out = new ArrayList<>();
    for (String n : schema.fieldNames()) {
      if (!isInternal(n)) {
        out.add(n);
      }
    }
    return out;
  }
}
