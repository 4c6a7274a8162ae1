package io.mbt.steps.transform.selection;

import io.mbt.compiler.model.FeatureSelectionSpec;
import io.mbt.steps.transform.TransformErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code feature_selection.methods} in order, each on the features the ones before it kept.
 * Thresholds are checked before any Spark job runs.
 *
 * <table>
 *   <caption>Methods and their parameters</caption>
 *   <tr><th>method</th><th>threshold (default)</th><th>top_k</th></tr>
 *   <tr><td>importance</td><td>cumulative importance share kept, (0, 1] (0.95)</td><td>at most this many</td></tr>
 *   <tr><td>variance_threshold</td><td>variance at or below it is dropped, &gt;= 0 (0)</td><td>—</td></tr>
 *   <tr><td>correlation_filter</td><td>|correlation| above it drops the later feature, (0, 1] (0.95)</td><td>—</td></tr>
 *   <tr><td>univariate</td><td>p-value below it is kept, (0, 1] (0.05)</td><td>keep this many instead</td></tr>
 * </table>
 */
public final class FeatureSelection {
  private final List<FeatureSelectionSpec.Method> methods;
  private final List<FeatureFilter> filters;

  /** What selection kept and dropped. */
  public record Outcome(List<FeatureUnit> kept, Map<String, String> dropped) {
    public Outcome {
      kept = List.copyOf(kept);
      dropped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
    }
  }

  /** @throws io.mbt.steps.api.StepFailedException if a threshold or top_k is out of range */
  public FeatureSelection(List<FeatureSelectionSpec.Method> methods) {
    this.methods = List.copyOf(methods);
    this.filters = this.methods.stream().map(FeatureSelection::filter).toList();
  }

  /**
   * @param units every candidate feature, in assembler order
   * @throws io.mbt.steps.api.StepFailedException if a method would drop every remaining feature
   */
  public Outcome select(SelectionFrame frame, List<FeatureUnit> units) {
    List<FeatureUnit> remaining = new ArrayList<>(units);
    Map<String, String> dropped = new LinkedHashMap<>();
    for (int i = 0; i < filters.size(); i++) {
      String method = methods.get(i).name().yamlName();
      Map<FeatureUnit, String> out = filters.get(i).drop(frame, List.copyOf(remaining));
      if (!out.isEmpty() && out.size() == remaining.size()) {
        throw TransformErrors.nothingSelected(method, remaining.stream().map(FeatureUnit::name).toList());
      }
      remaining.removeAll(out.keySet());
      out.forEach((unit, reason) -> dropped.put(unit.name(), method + ": " + reason));
    }
    return new Outcome(remaining, dropped);
  }

  private static FeatureFilter filter(FeatureSelectionSpec.Method method) {
    String name = method.name().yamlName();
    method.topK().ifPresent(k -> {
      if (k < 1) {
        throw TransformErrors.invalidTopK(name, k);
      }
    });
    switch (method.name()) {
      case IMPORTANCE:
        return new ImportanceFilter(share(name, method.threshold().orElse(0.95)), method.topK());
      case VARIANCE_THRESHOLD:
        double minimum = method.threshold().orElse(0.0);
        if (!(minimum >= 0)) {
          throw TransformErrors.invalidThreshold(name, minimum, "a variance >= 0");
        }
        return new VarianceFilter(minimum);
      case CORRELATION_FILTER:
        return new CorrelationFilter(share(name, method.threshold().orElse(0.95)));
      case UNIVARIATE:
        return new UnivariateFilter(share(name, method.threshold().orElse(0.05)), method.topK());
      default:
        throw new IllegalArgumentException("unknown selection method " + method.name());
    }
  }

  private static double share(String method, double value) {
    if (!(value > 0 && value <= 1)) {
      throw TransformErrors.invalidThreshold(method, value, "in (0, 1]");
    }
    return value;
  }
}
