package io.mbt.steps.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of an evaluation.
 *
 * @param numRows the scored test rows
 * @param metrics every metric of the problem type, then the custom ones; NaN where undefined (a
 *     test set with one class has no ROC AUC)
 * @param details JSON-ready extras: confusion matrix, calibration bins, per-class scores
 * @param plots PNG file name to bytes (empty unless plots were asked for)
 * @param plotFailures plots that could not be drawn, each with its reason; metrics stay valid
 */
public record EvaluationReport(
    long numRows, Map<String, Double> metrics, Map<String, Object> details, Map<String, byte[]> plots, List<String> plotFailures) {
  public EvaluationReport {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    plots = Collections.unmodifiableMap(new LinkedHashMap<>(plots));
    plotFailures = List.copyOf(plotFailures);
  }

  /** The metrics for JSON: NaN becomes null, which JSON can hold. */
  public Map<String, Double> metricsForJson() {
    Map<String, Double> out = new LinkedHashMap<>();
    metrics.forEach((k, v) -> out.put(k, v == null || v.isNaN() || v.isInfinite() ? null : v));
    return out;
  }

  /** The metrics named in {@code names}, in that order (for run results), NaN as null. */
  public Map<String, Double> select(List<String> names) {
    Map<String, Double> all = metricsForJson();
    Map<String, Double> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, all.get(name));
    }
    return out;
  }

  /** The names of metrics that came out undefined. */
  public List<String> undefinedMetrics() {
    List<String> out = new ArrayList<>();
    metrics.forEach((k, v) -> {
      if (v == null || v.isNaN()) {
        out.add(k);
      }
    });
    return out;
  }
}
