package io.mbt.steps.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.mbt.compiler.model.ProblemType;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.features.LabelInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The prediction columns MBT writes, in evaluation and serving alike, so their outputs compare
 * column for column: {@value #PREDICTION} (a double: the class index or the value), for
 * classifiers {@value #PROBABILITY} (the class probabilities, {@code array<double>}, storable in any
 * table format), and for binary problems {@value #PROBABILITY_POSITIVE}.
 */
public final class PredictionColumns {
  public static final String PREDICTION = "prediction";
  public static final String PROBABILITY = "probability";
  public static final String PROBABILITY_POSITIVE = "probability_positive";

  private PredictionColumns() {}

  /**
   * {@code passThrough} columns of a model's output, then the prediction columns. A binary
   * prediction is the positive class when its probability is at least {@code threshold}, whatever
   * threshold the model was fitted with.
   *
   * @throws StepFailedException if the model's output lacks a column the problem type needs
   */
  public static Dataset<Row> standardize(Dataset<Row> modelOutput, LabelInfo label, double threshold, List<String> passThrough) {
    Set<String> present = Set.of(modelOutput.columns());
    ProblemType type = label.problemType();
    require(present, PREDICTION, type);
    Set<String> keep = new LinkedHashSet<>(passThrough);
    keep.removeAll(List.of(PREDICTION, PROBABILITY, PROBABILITY_POSITIVE));
    List<Column> columns = new ArrayList<>();
    keep.forEach(c -> columns.add(col(c)));
    if (type.isClassification()) {
      require(present, PROBABILITY, type);
      Column probabilities = org.apache.spark.ml.functions.vector_to_array(col(PROBABILITY), "float64");
      if (type == ProblemType.BINARY_CLASSIFICATION) {
        Column positive = probabilities.getItem(1);
        columns.add(when(positive.geq(lit(threshold)), lit(1.0)).otherwise(lit(0.0)).as(PREDICTION));
        columns.add(probabilities.as(PROBABILITY));
        columns.add(positive.as(PROBABILITY_POSITIVE));
      } else {
        columns.add(col(PREDICTION).cast("double").as(PREDICTION));
        columns.add(probabilities.as(PROBABILITY));
      }
    } else {
      columns.add(col(PREDICTION).cast("double").as(PREDICTION));
    }
    return modelOutput.select(columns.toArray(Column[]::new));
  }

  private static void require(Set<String> present, String column, ProblemType type) {
    if (!present.contains(column)) {
      throw new StepFailedException(
          "the model's output has no '" + column + "' column, which " + type.yamlName() + " evaluation needs; it has " + present,
          "use a framework whose models add '" + column + "' (every built-in one does), or fix the custom framework adapter");
    }
  }
}
