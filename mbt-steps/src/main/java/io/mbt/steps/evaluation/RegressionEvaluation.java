package io.mbt.steps.evaluation;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_pop;

import io.mbt.steps.features.LabelInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Regression metrics from one aggregate (Spark's RegressionMetrics definitions: r2 against the
 * label's population variance). The plots need two more small jobs: a residual histogram and a
 * bounded sample for the scatter plot.
 */
final class RegressionEvaluation implements ProblemEvaluation {
  static final int SCATTER_POINTS = 5_000;
  static final int HISTOGRAM_BINS = 30;

  private final Dataset<Row> scored;
  private final long numRows;
  private final double mse;
  private final double mae;
  private final double r2;
  private final double minResidual;
  private final double maxResidual;
  private final Map<String, Double> featureImportance;

  private RegressionEvaluation(Dataset<Row> scored, Map<String, Double> featureImportance) {
    this.scored = scored;
    this.featureImportance = featureImportance;
    Column residual = residual();
    Row r = scored.agg(count(lit(1)), sum(residual.multiply(residual)), sum(abs(residual)), var_pop(col(LabelInfo.INDEX_COLUMN)),
        min(residual), max(residual)).head();
    this.numRows = r.getLong(0);
    double sse = numRows == 0 ? Double.NaN : r.getDouble(1);
    this.mse = numRows == 0 ? Double.NaN : sse / numRows;
    this.mae = numRows == 0 ? Double.NaN : r.getDouble(2) / numRows;
    double variance = r.isNullAt(3) ? Double.NaN : r.getDouble(3);
    this.r2 = variance > 0 ? 1 - sse / (variance * numRows) : Double.NaN;
    this.minResidual = r.isNullAt(4) ? 0 : r.getDouble(4);
    this.maxResidual = r.isNullAt(5) ? 0 : r.getDouble(5);
  }

  static RegressionEvaluation of(Dataset<Row> scored, Map<String, Double> featureImportance) {
    return new RegressionEvaluation(scored, featureImportance);
  }

  private static Column residual() {
    return col(PredictionColumns.PREDICTION).minus(col(LabelInfo.INDEX_COLUMN));
  }

  @Override
  public long numRows() {
    return numRows;
  }

  @Override
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("rmse", Math.sqrt(mse));
    m.put("mae", mae);
    m.put("r2", r2);
    m.put("mse", mse);
    return m;
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("min_residual", minResidual);
    d.put("max_residual", maxResidual);
    return d;
  }

  /** Row counts of {@link #HISTOGRAM_BINS} equal-width residual bins between the smallest and largest residual. */
  long[] residualHistogram() {
    long[] counts = new long[HISTOGRAM_BINS];
    double width = (maxResidual - minResidual) / HISTOGRAM_BINS;
    if (width <= 0) {
      counts[0] = numRows;
      return counts;
    }
    Column bin = least(floor(residual().minus(lit(minResidual)).divide(lit(width))).cast("int"), lit(HISTOGRAM_BINS - 1));
    for (Row r : scored.groupBy(bin).agg(count(lit(1))).collectAsList()) {
      if (!r.isNullAt(0)) {
        counts[Math.max(0, r.getInt(0))] += r.getLong(1);
      }
    }
    return counts;
  }

  /** At most {@link #SCATTER_POINTS} (actual, predicted) pairs, a uniform sample. */
  double[][] sample() {
    double fraction = numRows <= SCATTER_POINTS ? 1.0 : Math.min(1.0, 1.2 * SCATTER_POINTS / numRows);
    Dataset<Row> pairs = scored.select(LabelInfo.INDEX_COLUMN, PredictionColumns.PREDICTION);
    if (fraction < 1.0) {
      pairs = pairs.sample(false, fraction, 42L);
    }
    List<Row> rows = pairs.limit(SCATTER_POINTS).collectAsList();
    double[][] out = new double[2][rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      out[0][i] = rows.get(i).getDouble(0);
      out[1][i] = rows.get(i).getDouble(1);
    }
    return out;
  }

  @Override
  public Map<String, Supplier<byte[]>> plots() {
    Map<String, Supplier<byte[]>> plots = new LinkedHashMap<>();
    plots.put("predicted_vs_actual.png", () -> {
      double[][] s = sample();
      return Charts.predictedVsActual(s[0], s[1], numRows);
    });
    plots.put("residual_histogram.png", () -> Charts.residualHistogram(minResidual, maxResidual, residualHistogram()));
    if (!featureImportance.isEmpty()) {
      plots.put("feature_importance.png", () -> Charts.featureImportance(featureImportance));
    }
    return plots;
  }
}
