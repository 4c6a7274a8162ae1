package io.mbt.compiler.model;

import java.util.List;

/**
 * {@code training.evaluation}.
 *
 * @param threshold probability at or above which binary predictions are the positive class
 */
public record EvaluationSpec(
    String primaryMetric, List<String> additionalMetrics, boolean generatePlots, List<String> customMetrics, double threshold) {
  public EvaluationSpec {
    additionalMetrics = List.copyOf(additionalMetrics);
    customMetrics = List.copyOf(customMetrics);
  }
}
