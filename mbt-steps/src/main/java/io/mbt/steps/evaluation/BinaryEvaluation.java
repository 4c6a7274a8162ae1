package io.mbt.steps.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.mbt.steps.features.LabelInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Binary classification metrics from two passes over the scored data: one grouped aggregate into
 * {@value #CURVE_BINS} probability bins (confusion counts at the threshold, log loss, curves,
 * calibration), and Spark's {@link BinaryClassificationMetrics} without down-sampling for the exact
 * areas under the ROC and PR curves. Nothing row-level reaches the driver.
 */
final class BinaryEvaluation implements ProblemEvaluation {
  /** Curves are drawn at thresholds k / CURVE_BINS. */
  static final int CURVE_BINS = 200;
  static final int CALIBRATION_BINS = 10;

  private final LabelInfo label;
  private final double threshold;
  private final long[] positives = new long[CURVE_BINS];
  private final long[] rows = new long[CURVE_BINS];
  private final double[] probabilitySums = new double[CURVE_BINS];
  private final long numRows;
  private final long numPositives;
  private final ConfusionMatrix confusion;
  private final double logLoss;
  private final double rocAuc;
  private final double prAuc;
  private final Map<String, Double> featureImportance;

  private BinaryEvaluation(Dataset<Row> scored, LabelInfo label, double threshold, Map<String, Double> featureImportance) {
    this.label = label;
    this.threshold = threshold;
    this.featureImportance = featureImportance;
    Column p = col(PredictionColumns.PROBABILITY_POSITIVE);
    Column y = col(LabelInfo.INDEX_COLUMN);
    Column bin = least(floor(p.multiply(CURVE_BINS)).cast("int"), lit(CURVE_BINS - 1));
    Column clipped = least(greatest(p, lit(EPS)), lit(1 - EPS));
    Column loss = negate(when(y.equalTo(1.0), log(clipped)).otherwise(log(lit(1.0).minus(clipped))));
    Column positive = y.equalTo(1.0);
    Column predictedPositive = p.geq(lit(threshold));
    List<Row> bins = scored.groupBy(bin.as("bin")).agg(
            count(lit(1)),
            sum(when(positive, 1L).otherwise(0L)),
            sum(p),
            sum(when(predictedPositive, 1L).otherwise(0L)),
            sum(when(predictedPositive.and(positive), 1L).otherwise(0L)),
            sum(loss))
        .collectAsList();
    long tp = 0;
    long predicted = 0;
    double lossSum = 0;
    for (Row r : bins) {
      if (r.isNullAt(0)) {
        continue; // no probability: PredictionColumns never produces it, a custom model might
      }
      int b = Math.max(0, r.getInt(0));
      rows[b] += r.getLong(1);
      positives[b] += r.getLong(2);
      probabilitySums[b] += r.getDouble(3);
      predicted += r.getLong(4);
      tp += r.getLong(5);
      lossSum += r.getDouble(6);
    }
    long n = 0;
    long pos = 0;
    for (int b = 0; b < CURVE_BINS; b++) {
      n += rows[b];
      pos += positives[b];
    }
    this.numRows = n;
    this.numPositives = pos;
    long fp = predicted - tp;
    long fn = pos - tp;
    long tn = n - pos - fp;
    this.confusion = new ConfusionMatrix(label.classes(), new long[][] {{tn, fp}, {fn, tp}});
    this.logLoss = n == 0 ? Double.NaN : lossSum / n;
    if (pos == 0 || pos == n) {
      // One class only: the areas are undefined (reported as null, with a warning by the caller).
      this.rocAuc = Double.NaN;
      this.prAuc = Double.NaN;
    } else {
      BinaryClassificationMetrics exact = new BinaryClassificationMetrics(scoreAndLabels(scored), 0);
      try {
        this.rocAuc = exact.areaUnderROC();
        this.prAuc = exact.areaUnderPR();
      } finally {
        exact.unpersist();
      }
    }
  }

  static BinaryEvaluation of(Dataset<Row> scored, LabelInfo label, double threshold, Map<String, Double> featureImportance) {
    return new BinaryEvaluation(scored, label, threshold, featureImportance);
  }

  @SuppressWarnings("unchecked")
  private static RDD<Tuple2<Object, Object>> scoreAndLabels(Dataset<Row> scored) {
    return scored.select(PredictionColumns.PROBABILITY_POSITIVE, LabelInfo.INDEX_COLUMN).toJavaRDD()
        .map(r -> new Tuple2<Object, Object>(r.getDouble(0), r.getDouble(1))).rdd();
  }

  @Override
  public long numRows() {
    return numRows;
  }

  @Override
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("roc_auc", rocAuc);
    m.put("pr_auc", prAuc);
    m.put("accuracy", confusion.accuracy());
    m.put("f1", confusion.f1(1));
    m.put("precision", confusion.precision(1));
    m.put("recall", confusion.recall(1));
    m.put("log_loss", logLoss);
    return m;
  }

  ConfusionMatrix confusion() {
    return confusion;
  }

  /** The ROC curve from (0, 0) to (1, 1): x false positive rate, y true positive rate. */
  List<CurvePoint> rocCurve() {
    long negatives = numRows - numPositives;
    List<CurvePoint> points = new ArrayList<>();
    long cumulativePositives = 0;
    long cumulativeRows = 0;
    points.add(new CurvePoint(0, 0, 1.0));
    for (int b = CURVE_BINS - 1; b >= 0; b--) {
      cumulativePositives += positives[b];
      cumulativeRows += rows[b];
      if (rows[b] == 0 && b > 0) {
        continue;
      }
      double fpr = negatives == 0 ? 0 : (double) (cumulativeRows - cumulativePositives) / negatives;
      double tpr = numPositives == 0 ? 0 : (double) cumulativePositives / numPositives;
      points.add(new CurvePoint(fpr, tpr, (double) b / CURVE_BINS));
    }
    return points;
  }

  /** The precision-recall curve: x recall, y precision; it starts at recall 0 with the first precision, as Spark's. */
  List<CurvePoint> prCurve() {
    List<CurvePoint> points = new ArrayList<>();
    long cumulativePositives = 0;
    long cumulativeRows = 0;
    for (int b = CURVE_BINS - 1; b >= 0; b--) {
      cumulativePositives += positives[b];
      cumulativeRows += rows[b];
      if (rows[b] == 0) {
        continue;
      }
      double precision = (double) cumulativePositives / cumulativeRows;
      double recall = numPositives == 0 ? 0 : (double) cumulativePositives / numPositives;
      if (points.isEmpty()) {
        points.add(new CurvePoint(0, precision, (double) (b + 1) / CURVE_BINS));
      }
      points.add(new CurvePoint(recall, precision, (double) b / CURVE_BINS));
    }
    return points;
  }

  /** Reliability bins of width 1 / CALIBRATION_BINS; empty bins are left out. */
  List<CalibrationBin> calibration() {
    int per = CURVE_BINS / CALIBRATION_BINS;
    List<CalibrationBin> out = new ArrayList<>();
    for (int c = 0; c < CALIBRATION_BINS; c++) {
      long n = 0;
      long pos = 0;
      double sumP = 0;
      for (int b = c * per; b < (c + 1) * per; b++) {
        n += rows[b];
        pos += positives[b];
        sumP += probabilitySums[b];
      }
      if (n > 0) {
        out.add(new CalibrationBin((double) c / CALIBRATION_BINS, (double) (c + 1) / CALIBRATION_BINS, n, sumP / n, (double) pos / n));
      }
    }
    return out;
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("positive_class", label.positiveClass());
    d.put("positives", numPositives);
    d.put("confusion_matrix", confusion.toJson());
    List<Map<String, Object>> bins = new ArrayList<>();
    for (CalibrationBin b : calibration()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("lower", b.lower());
      m.put("upper", b.upper());
      m.put("count", b.count());
      m.put("mean_predicted", b.meanPredicted());
      m.put("observed_rate", b.observedRate());
      bins.add(m);
    }
    d.put("calibration", bins);
    return d;
  }

  @Override
  public Map<String, Supplier<byte[]>> plots() {
    Map<String, Supplier<byte[]>> plots = new LinkedHashMap<>();
    plots.put("roc_curve.png", () -> Charts.roc(rocCurve(), rocAuc));
    plots.put("pr_curve.png", () -> Charts.precisionRecall(prCurve(), prAuc, numRows == 0 ? 0 : (double) numPositives / numRows));
    plots.put("confusion_matrix.png", () -> Charts.confusion(confusion, "threshold " + threshold));
    plots.put("calibration_curve.png", () -> Charts.calibration(calibration()));
    if (!featureImportance.isEmpty()) {
      plots.put("feature_importance.png", () -> Charts.featureImportance(featureImportance));
    }
    return plots;
  }
}
