package io.mbt.steps.transform.selection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.stat.ANOVATest;
import org.apache.spark.ml.stat.ChiSquareTest;
import org.apache.spark.ml.stat.FValueTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code univariate}: a statistical test of each feature against the label, the same tests Spark's
 * {@code UnivariateFeatureSelector} runs: for classification, chi-squared for categorical features
 * (their one-hot slots or index) and ANOVA F for numeric ones; for regression, the F-test of a
 * linear fit for every slot. A feature's p-value is its best slot's. Keeps the features with
 * p-value below {@code threshold}, or the {@code top_k} with the smallest p-values.
 *
 * <p>It runs the tests directly rather than through UnivariateFeatureSelector because that
 * selector takes a single feature type (one test) per vector and counts {@code top_k} in vector
 * slots, where a one-hot column has many; selection here is by source column.
 */
final class UnivariateFilter implements FeatureFilter {
  private final double threshold;
  private final Optional<Integer> topK;

  UnivariateFilter(double threshold, Optional<Integer> topK) {
    this.threshold = threshold;
    this.topK = topK;
  }

  @Override
  public Map<FeatureUnit, String> drop(SelectionFrame frame, List<FeatureUnit> remaining) {
    Map<FeatureUnit, Double> pValues = new HashMap<>();
    if (frame.problemType().isClassification()) {
      test(frame, remaining.stream().filter(u -> !u.numeric()).toList(), Test.CHI_SQUARED, pValues);
      test(frame, remaining.stream().filter(FeatureUnit::numeric).toList(), Test.ANOVA, pValues);
    } else {
      test(frame, remaining, Test.F_REGRESSION, pValues);
    }
    Map<FeatureUnit, String> dropped = new LinkedHashMap<>();
    if (topK.isPresent()) {
      List<FeatureUnit> ranked = new ArrayList<>(remaining);
      ranked.sort(Comparator.comparingDouble(pValues::get)); // stable: ties keep assembler order
      List<FeatureUnit> out = ranked.subList(Math.min(topK.get(), ranked.size()), ranked.size());
      for (FeatureUnit unit : remaining) {
        if (out.contains(unit)) {
          dropped.put(unit, String.format(Locale.ROOT, "p-value %.4g, not among the %d smallest", pValues.get(unit), topK.get()));
        }
      }
    } else {
      for (FeatureUnit unit : remaining) {
        if (!(pValues.get(unit) < threshold)) {
          dropped.put(unit, String.format(Locale.ROOT, "p-value %.4g >= %s", pValues.get(unit), threshold));
        }
      }
    }
    return dropped;
  }

  private enum Test { CHI_SQUARED, ANOVA, F_REGRESSION }

  private static void test(SelectionFrame frame, List<FeatureUnit> units, Test test, Map<FeatureUnit, Double> out) {
    if (units.isEmpty()) {
      return;
    }
    Dataset<Row> data = frame.slice(units);
    Dataset<Row> result;
    switch (test) {
      case CHI_SQUARED:
        result = ChiSquareTest.test(data, SelectionFrame.SLICE, frame.labelColumn(), false);
        break;
      case ANOVA:
        result = ANOVATest.test(data, SelectionFrame.SLICE, frame.labelColumn(), false);
        break;
      default:
        result = FValueTest.test(data, SelectionFrame.SLICE, frame.labelColumn(), false);
        break;
    }
    Vector p = (Vector) result.select("pValues").head().get(0);
    int slot = 0;
    for (FeatureUnit unit : units) {
      double best = 1.0;
      for (int i = 0; i < unit.slots().size(); i++) {
        double value = p.apply(slot++);
        // A constant slot has no p-value (NaN): it says nothing about the label.
        if (!Double.isNaN(value)) {
          best = Math.min(best, value);
        }
      }
      out.put(unit, best);
    }
  }
}
