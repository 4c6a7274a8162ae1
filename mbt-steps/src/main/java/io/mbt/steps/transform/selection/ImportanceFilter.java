package io.mbt.steps.transform.selection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code importance}: fits a small random forest (fixed seed) on the train set, sums each
 * feature's slot importances, and keeps the smallest set of features, most important first, whose
 * cumulative share reaches {@code threshold} (at most {@code top_k} of them when given). Every slot
 * is treated as continuous (a one-hot slot is 0/1, an index is ordered by frequency), which is
 * enough to rank features and avoids sizing the forest's bins to the widest categorical. Large
 * train sets are sampled to {@value #MAX_ROWS} rows for the forest.
 */
final class ImportanceFilter implements FeatureFilter {
  static final int TREES = 20;
  static final int DEPTH = 6;
  static final long MAX_ROWS = 200_000;

  private final double threshold;
  private final Optional<Integer> topK;

  ImportanceFilter(double threshold, Optional<Integer> topK) {
    this.threshold = threshold;
    this.topK = topK;
  }

  @Override
  public Map<FeatureUnit, String> drop(SelectionFrame frame, List<FeatureUnit> remaining) {
    Dataset<Row> data = frame.slice(remaining);
    if (frame.rows() > MAX_ROWS) {
      data = data.sample(false, (double) MAX_ROWS / frame.rows(), frame.seed());
    }
    Vector slots = frame.problemType().isClassification()
        ? new RandomForestClassifier().setLabelCol(frame.labelColumn()).setFeaturesCol(SelectionFrame.SLICE).setNumTrees(TREES)
            .setMaxDepth(DEPTH).setSeed(frame.seed()).fit(data).featureImportances()
        : new RandomForestRegressor().setLabelCol(frame.labelColumn()).setFeaturesCol(SelectionFrame.SLICE).setNumTrees(TREES)
            .setMaxDepth(DEPTH).setSeed(frame.seed()).fit(data).featureImportances();

    Map<FeatureUnit, Double> importance = new LinkedHashMap<>();
    int slot = 0;
    double total = 0;
    for (FeatureUnit unit : remaining) {
      double sum = 0;
      for (int i = 0; i < unit.slots().size(); i++) {
        sum += slots.apply(slot++);
      }
      importance.put(unit, sum);
      total += sum;
    }
    if (total <= 0) {
      return Map.of(); // nothing learnt (e.g. a constant label): no ground to drop anything
    }
    List<FeatureUnit> ranked = new ArrayList<>(remaining);
    ranked.sort(Comparator.comparingDouble((FeatureUnit u) -> importance.get(u)).reversed()); // stable: ties keep assembler order
    int limit = topK.orElse(Integer.MAX_VALUE);
    double cumulative = 0;
    int kept = 0;
    Map<FeatureUnit, String> dropped = new LinkedHashMap<>();
    for (FeatureUnit unit : ranked) {
      boolean reached = cumulative >= threshold * total - 1e-12;
      if (reached || kept >= limit) {
        dropped.put(unit, String.format(Locale.ROOT, "%.2f%% of the importance, outside the %s", 100 * importance.get(unit) / total,
            reached ? String.format(Locale.ROOT, "features that make up %.0f%% of it", 100 * threshold) : "top " + limit));
      } else {
        cumulative += importance.get(unit);
        kept++;
      }
    }
    // Report in assembler order.
    Map<FeatureUnit, String> ordered = new LinkedHashMap<>();
    remaining.stream().filter(dropped::containsKey).forEach(u -> ordered.put(u, dropped.get(u)));
    return ordered;
  }
}
