package io.mbt.steps.evaluation;

import io.mbt.compiler.model.ProblemType;
import io.mbt.steps.api.StepFailedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Computes the metrics and plots of a scored test set laid out by {@link
 * PredictionColumns#standardize} (plus {@link io.mbt.steps.features.LabelInfo#INDEX_COLUMN}). The
 * data is read several times (metrics, plots, custom metrics): the caller caches it and unpersists
 * it afterwards.
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * @throws StepFailedException if the test set is empty, or a custom metric fails or clashes
   *     with a built-in name
   */
  public static EvaluationReport evaluate(Dataset<Row> scored, EvaluationRequest request) {
    ProblemType type = request.label().problemType();
    ProblemEvaluation evaluation = switch (type) {
      case BINARY_CLASSIFICATION -> BinaryEvaluation.of(scored, request.label(), request.threshold(), request.featureImportance());
      case MULTICLASS_CLASSIFICATION -> MulticlassEvaluation.of(scored, request.label(), request.featureImportance());
      case REGRESSION -> RegressionEvaluation.of(scored, request.featureImportance());
    };
    if (evaluation.numRows() == 0) {
      throw new StepFailedException("the test set has no rows with a known label, so there is nothing to evaluate",
          "check split_data's test window or test_size, and that the test rows' labels are among schema.target.classes");
    }
    Map<String, Double> metrics = new LinkedHashMap<>(evaluation.metrics());
    MetricContext context = MetricContext.standard(request.label(), request.threshold());
    for (CustomMetric metric : request.customMetrics()) {
      String name = metric.name();
      if (metrics.containsKey(name)) {
        throw new StepFailedException("custom metric " + metric.getClass().getName() + " is named '" + name + "', like a metric MBT computes",
            "override name() in the class to return another name");
      }
      try {
        metrics.put(name, metric.compute(scored, context));
      } catch (RuntimeException e) {
        throw new StepFailedException("custom metric " + metric.getClass().getName() + " failed: " + e, "fix the metric class", e);
      }
    }
    Map<String, byte[]> plots = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    if (request.generatePlots()) {
      for (Map.Entry<String, Supplier<byte[]>> plot : evaluation.plots().entrySet()) {
        try {
          plots.put(plot.getKey(), plot.getValue().get());
        } catch (RuntimeException | LinkageError | InternalError e) {
          // A driver without fonts or AWT libraries cannot draw; the metrics are still worth keeping.
          failures.add(plot.getKey() + ": " + e);
        }
      }
    }
    return new EvaluationReport(evaluation.numRows(), metrics, evaluation.details(), plots, failures);
  }
}
