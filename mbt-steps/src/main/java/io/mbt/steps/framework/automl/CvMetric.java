package io.mbt.steps.framework.automl;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.model.Metrics;
import io.mbt.compiler.model.ProblemType;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The sort metric on a fold's predictions, computed with Spark's evaluators. Binary {@code f1},
 * {@code precision} and {@code recall} are those of the positive class (label index 1); multiclass
 * ones are weighted by class frequency.
 */
record CvMetric(String name, ProblemType problemType, String labelColumn) {
  CvMetric {
    requireNonNull(name, "name is null");
    requireNonNull(problemType, "problemType is null");
    requireNonNull(labelColumn, "labelColumn is null");
    if (!Metrics.supported(problemType).contains(name)) {
      throw new IllegalArgumentException(
          "metric '" + name + "' is not one of " + problemType.yamlName() + "'s "
              + Metrics.supported(problemType));
    }
  }

  boolean lowerIsBetter() {
    return Metrics.lowerIsBetter(name);
  }

  /** The metric of {@code predictions}, which hold the label and a model's output columns. */
  double evaluate(Dataset<Row> predictions) {
    return evaluator().evaluate(predictions);
  }

  private Evaluator evaluator() {
    switch (problemType) {
      case REGRESSION:
        return new RegressionEvaluator().setLabelCol(labelColumn).setPredictionCol("prediction")
            .setMetricName(name);
      case BINARY_CLASSIFICATION:
        if (name.equals("roc_auc") || name.equals("pr_auc")) {
          // Probabilities rather than raw predictions: their scale is the same for every family.
          return new BinaryClassificationEvaluator().setLabelCol(labelColumn)
              .setRawPredictionCol("probability")
              .setMetricName(name.equals("roc_auc") ? "areaUnderROC" : "areaUnderPR");
        }
        return multiclass(switch (name) {
          case "f1" -> "fMeasureByLabel";
          case "precision" -> "precisionByLabel";
          case "recall" -> "recallByLabel";
          case "log_loss" -> "logLoss";
          default -> "accuracy";
        }).setMetricLabel(1.0);
      default:
        return multiclass(switch (name) {
          case "f1" -> "f1";
          case "weighted_precision" -> "weightedPrecision";
          case "weighted_recall" -> "weightedRecall";
          case "log_loss" -> "logLoss";
          default -> "accuracy";
        });
    }
  }

  private MulticlassClassificationEvaluator multiclass(String metricName) {
    return new MulticlassClassificationEvaluator().setLabelCol(labelColumn)
        .setPredictionCol("prediction").setProbabilityCol("probability")
        .setMetricName(metricName);
  }
}
