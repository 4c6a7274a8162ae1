package io.mbt.steps.features;

import io.mbt.compiler.model.ProblemType;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * How the label maps to what Spark ML trains on ({@code split_data}'s {@code label_info} output):
 * for classification, the class values in index order (the positive class is index 1 for binary
 * problems); for regression, no classes.
 */
public record LabelInfo(String labelColumn, ProblemType problemType, List<String> classes, String positiveClass) {
  /** The label as Spark ML needs it: a double (class index, or the value for regression). */
  public static final String INDEX_COLUMN = "__label";

  public LabelInfo {
    Objects.requireNonNull(labelColumn, "labelColumn is null");
    Objects.requireNonNull(problemType, "problemType is null");
    classes = List.copyOf(classes);
  }

  public int numClasses() {
    return problemType.isClassification() ? classes.size() : 0;
  }

  /** An expression for {@link #INDEX_COLUMN}; unknown classes become null. */
  public Column indexExpression() {
    Column label = functions.col(labelColumn);
    if (!problemType.isClassification()) {
      return label.cast("double");
    }
    Column text = functions.trim(label.cast("string"));
    Column out = functions.lit(null).cast("double");
    for (int i = classes.size() - 1; i >= 0; i--) {
      out = functions.when(text.equalTo(classes.get(i)), functions.lit((double) i)).otherwise(out);
    }
    return out;
  }
}
