package io.mbt.steps.transform;

import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.features.FeatureLayout;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.types.StructType;

/**
 * The error factory of the transform steps (custom_transforms, encode, normalize,
 * select_features): each message names the step, the transform or column, what was expected and
 * found; the hint says which YAML key to change.
 */
public final class TransformErrors {
  private static final Pattern ALL_MISSING = Pattern.compile("All the values in " + Pattern.quote(NumericImputation.CAST_PREFIX) + "(.+?) are Null");

  private TransformErrors() {}

  // ---- custom_transforms ----

  public static StepFailedException sqlWithoutThis(String name) {
    return new StepFailedException("custom transform '" + name + "': its SQL statement does not read from " + SqlText.THIS
        + ", the table that stands for the step's input",
        "write the statement as SELECT *, <expressions> FROM __THIS__ in training.transformations.custom_transforms");
  }

  public static StepFailedException customTransformFailed(String name, Throwable cause) {
    return new StepFailedException("custom transform '" + name + "' failed: " + rootMessage(cause),
        "fix the transform '" + name + "' in training.transformations.custom_transforms", cause);
  }

  public static StepFailedException userClassNotFound(String name, String className) {
    return new StepFailedException("custom transform '" + name + "': class '" + className + "' is not on the classpath",
        "put the jar that holds it on the driver's classpath (the project's lib/ directory, or spark-submit --jars), or fix class_name");
  }

  public static StepFailedException notAUserTransform(String name, String className) {
    return new StepFailedException("custom transform '" + name + "': class '" + className + "' does not implement "
        + UserTransform.class.getName(), "implement " + UserTransform.class.getSimpleName() + " (its stage(config, context) returns a Spark ML stage)");
  }

  public static StepFailedException cannotInstantiate(String name, String className, Throwable cause) {
    return new StepFailedException("custom transform '" + name + "': cannot create '" + className + "': " + rootMessage(cause),
        "give the class a public no-argument constructor", cause);
  }

  public static StepFailedException notAStage(String name, String className, Object stage) {
    return new StepFailedException("custom transform '" + name + "': " + className + ".stage(...) returned "
        + (stage == null ? "null" : "a " + stage.getClass().getName()) + ", not a Spark ML Estimator or Transformer",
        "return an org.apache.spark.ml.Estimator or org.apache.spark.ml.Transformer");
  }

  public static StepFailedException notWritable(String name, Object stage) {
    return new StepFailedException("custom transform '" + name + "': its stage " + stage.getClass().getName()
        + " cannot be saved (it does not implement MLWritable), so serving could not replay it",
        "implement org.apache.spark.ml.util.DefaultParamsWritable (or MLWritable) with a static read(), or use a built-in Spark ML stage");
  }

  public static StepFailedException removedInternalColumn(String name, String column) {
    return new StepFailedException("custom transform '" + name + "' removed column '" + column + "', which later steps need",
        "keep every input column: SELECT *, <new columns> FROM __THIS__");
  }

  // ---- column selection ----

  public static StepFailedException missingColumn(String step, String key, String column, StructType schema) {
    return new StepFailedException(step + ": " + key + " names column '" + column + "', which is not in the train set; columns: "
        + String.join(", ", FeatureLayout.rawColumns(schema)), "fix training.transformations." + key);
  }

  public static StepFailedException notAFeatureOfKind(String step, String key, String column, String kind, Collection<String> valid) {
    return new StepFailedException(step + ": " + key + " names column '" + column + "', which is not a " + kind + " feature; "
        + kind + " features: " + (valid.isEmpty() ? "none" : String.join(", ", valid)),
        "list only " + kind + " feature columns in training.transformations." + key
            + " (identifiers, the label and ignored columns are not features; declare numeric codes in schema.categorical_columns)");
  }

  // ---- encode ----

  public static StepFailedException unseenCategory(Throwable cause) {
    return new StepFailedException("encode: the test set has a category the train set does not (" + rootMessage(cause) + ")",
        "set training.transformations.encoding.handle_unknown: keep to map unseen categories to an 'unknown' index", cause);
  }

  // ---- numeric ----

  /** Imputer's "all values missing" failure, as the column it is about; empty for any other error. */
  public static Optional<StepFailedException> noValues(String step, Exception cause) {
    Matcher m = ALL_MISSING.matcher(rootMessage(cause));
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(new StepFailedException(step + ": numeric column '" + m.group(1) + "' has no values in the train set, so its median"
        + " (used to fill missing values) is undefined", "add '" + m.group(1) + "' to training.schema.ignored_columns, or fix the data", cause));
  }

  // ---- select_features ----

  public static StepFailedException invalidThreshold(String method, double value, String expectation) {
    return new StepFailedException("select_features: " + method + " threshold must be " + expectation + ", but was: " + value,
        "fix training.feature_selection.methods[" + method + "].threshold");
  }

  public static StepFailedException invalidTopK(String method, int value) {
    return new StepFailedException("select_features: " + method + " top_k must be >= 1, but was: " + value,
        "fix training.feature_selection.methods[" + method + "].top_k");
  }

  public static StepFailedException nothingSelected(String method, List<String> before) {
    return new StepFailedException("select_features: " + method + " dropped every remaining feature (" + String.join(", ", before) + ")",
        "loosen the threshold of " + method + " in training.feature_selection.methods");
  }

  /**
   * The innermost message of a cause chain (Spark wraps the helpful one in job failures); for an
   * analysis error, its message without the query plan.
   */
  /** For a fitted stage replayed on data: every column it reads must be there. */
  public static void requireColumns(StructType schema, String[] columns) {
    List<String> names = List.of(schema.fieldNames());
    for (String c : columns) {
      if (!names.contains(c)) {
        throw new IllegalArgumentException("the fitted transforms read column '" + c + "', which the data does not have (columns: "
            + String.join(", ", names) + "); the data must have the columns the transforms were fitted on");
      }
    }
  }

  public static String rootMessage(Throwable error) {
    String message = null;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AnalysisException analysis) {
        return analysis.getSimpleMessage();
      }
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message == null ? error.getClass().getSimpleName() : message;
  }
}
