package io.mbt.steps.evaluation;

import static java.util.Objects.requireNonNull;

import io.mbt.steps.features.LabelInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to evaluate besides the scored data.
 *
 * @param label the label mapping; its problem type picks the metrics
 * @param threshold the probability at or above which a binary prediction is positive
 * @param generatePlots whether to draw the PNG plots
 * @param featureImportance feature name to importance, for the importance plot; empty for none
 * @param customMetrics the user's metrics, computed after the built-in ones
 */
public record EvaluationRequest(
    LabelInfo label, double threshold, boolean generatePlots, Map<String, Double> featureImportance, List<CustomMetric> customMetrics) {
  public EvaluationRequest {
    requireNonNull(label, "label is null");
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], but was: " + threshold);
    }
    featureImportance = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(featureImportance));
    customMetrics = List.copyOf(customMetrics);
  }
}
