package io.mbt.steps.transform.selection;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.stat.Correlation;

/**
 * {@code correlation_filter}: of each pair of numeric features whose absolute Pearson correlation
 * on the train set is above {@code threshold}, drops the later one (in assembler order), unless an
 * earlier pair already dropped one of them. The correlation matrix comes from Spark's {@link
 * Correlation} over the numeric slots of the candidate vector (imputed values).
 */
final class CorrelationFilter implements FeatureFilter {
  private final double threshold;

  CorrelationFilter(double threshold) {
    this.threshold = threshold;
  }

  @Override
  public Map<FeatureUnit, String> drop(SelectionFrame frame, List<FeatureUnit> remaining) {
    List<FeatureUnit> numeric = remaining.stream().filter(FeatureUnit::numeric).toList();
    if (numeric.size() < 2) {
      return Map.of();
    }
    Matrix corr = (Matrix) Correlation.corr(frame.slice(numeric), SelectionFrame.SLICE, "pearson").head().get(0);
    Map<FeatureUnit, String> dropped = new LinkedHashMap<>();
    Set<Integer> gone = new HashSet<>();
    for (int i = 0; i < numeric.size(); i++) {
      if (gone.contains(i)) {
        continue;
      }
      for (int j = i + 1; j < numeric.size(); j++) {
        double r = corr.apply(i, j);
        if (!gone.contains(j) && !Double.isNaN(r) && Math.abs(r) > threshold) {
          gone.add(j);
          dropped.put(numeric.get(j), String.format(Locale.ROOT, "|correlation| %.4f with '%s' > %s", Math.abs(r), numeric.get(i).name(), threshold));
        }
      }
    }
    Map<FeatureUnit, String> ordered = new LinkedHashMap<>();
    numeric.stream().filter(dropped::containsKey).forEach(u -> ordered.put(u, dropped.get(u)));
    return ordered;
  }
}
