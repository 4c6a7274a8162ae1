package io.mbt.steps.transform.selection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.BooleanType;

/**
 * {@code variance_threshold}: drops numeric features whose sample variance in the train set is at
 * or below {@code threshold} (as scikit-learn's VarianceThreshold: the default 0 drops constant
 * columns). Variance is measured on the raw column, before imputation and scaling (after a
 * standard scaler every variance would be 1); all features in one aggregate.
 */
final class VarianceFilter implements FeatureFilter {
  private final double threshold;

  VarianceFilter(double threshold) {
    this.threshold = threshold;
  }

  @Override
  public Map<FeatureUnit, String> drop(SelectionFrame frame, List<FeatureUnit> remaining) {
    List<FeatureUnit> numeric = remaining.stream().filter(FeatureUnit::numeric).toList();
    if (numeric.isEmpty()) {
      return Map.of();
    }
    List<Column> variances = new ArrayList<>();
    for (FeatureUnit unit : numeric) {
      variances.add(org.apache.spark.sql.functions.var_samp(source(frame, unit)));
    }
    Row row = frame.data().agg(variances.get(0), variances.subList(1, variances.size()).toArray(Column[]::new)).head();
    Map<FeatureUnit, String> dropped = new LinkedHashMap<>();
    for (int i = 0; i < numeric.size(); i++) {
      Double variance = row.isNullAt(i) ? null : row.getDouble(i);
      if (variance == null || variance.isNaN()) {
        dropped.put(numeric.get(i), "variance undefined (fewer than two values in the train set)");
      } else if (variance <= threshold) {
        dropped.put(numeric.get(i), String.format(Locale.ROOT, "variance %.6g <= %s", variance, threshold));
      }
    }
    return dropped;
  }

  /** The raw column when the frame has it, else the feature's slot of the candidate vector. */
  private static Column source(SelectionFrame frame, FeatureUnit unit) {
    String raw = unit.name();
    if (List.of(frame.data().columns()).contains(raw)) {
      var type = frame.data().schema().apply(raw).dataType();
      if (type instanceof NumericType || type instanceof BooleanType) {
        return org.apache.spark.sql.functions.col(raw).cast("double");
      }
    }
    return functions.vector_to_array(org.apache.spark.sql.functions.col(frame.vectorColumn()), "float64").getItem(unit.slots().get(0));
  }
}
