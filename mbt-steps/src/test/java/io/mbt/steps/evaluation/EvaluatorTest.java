package io.mbt.steps.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mbt.compiler.model.ProblemType;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.testing.SharedSpark;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static final SparkSession SPARK = SharedSpark.session();
  private static final LabelInfo BINARY = new LabelInfo("y", ProblemType.BINARY_CLASSIFICATION, List.of("0", "1"), "1");
  private static final LabelInfo MULTI = new LabelInfo("y", ProblemType.MULTICLASS_CLASSIFICATION, List.of("a", "b", "c"), null);
  private static final LabelInfo REGRESSION = new LabelInfo("y", ProblemType.REGRESSION, List.of(), null);
  private static final Map<String, Double> IMPORTANCE = Map.of("tenure", 0.5, "monthly_charges", 0.3, "contract", 0.2);

  // Scores with known ranking: positives at 0.9, 0.8, 0.6, 0.3; negatives at 0.7, 0.55, 0.4, 0.2.
  private static final double[] SCORES = {0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2};
  private static final double[] LABELS = {1, 1, 0, 1, 0, 0, 1, 0};

  static Dataset<Row> binaryScored(double[] scores, double[] labels, double threshold) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      rows.add(RowFactory.create(labels[i], scores[i] >= threshold ? 1.0 : 0.0, List.of(1 - scores[i], scores[i]).toArray(), scores[i]));
    }
    StructType schema = new StructType()
        .add(LabelInfo.INDEX_COLUMN, DataTypes.DoubleType)
        .add(PredictionColumns.PREDICTION, DataTypes.DoubleType)
        .add(PredictionColumns.PROBABILITY, DataTypes.createArrayType(DataTypes.DoubleType))
        .add(PredictionColumns.PROBABILITY_POSITIVE, DataTypes.DoubleType);
    return SPARK.createDataFrame(rows, schema);
  }

  private static EvaluationRequest request(LabelInfo label, boolean plots, List<CustomMetric> custom) {
    return new EvaluationRequest(label, 0.5, plots, IMPORTANCE, custom);
  }

  @Test
  void computesBinaryMetricsOfAKnownRanking() {
    EvaluationReport report = Evaluator.evaluate(binaryScored(SCORES, LABELS, 0.5), request(BINARY, false, List.of()));

    Map<String, Double> m = report.metrics();
    assertThat(m.keySet()).containsExactly("roc_auc", "pr_auc", "accuracy", "f1", "precision", "recall", "log_loss");
    // 12 of the 16 (positive, negative) pairs are ranked right.
    assertThat(m.get("roc_auc")).isCloseTo(0.75, within(1e-12));
    // Spark's trapezoids over (0,1) (.25,1) (.5,1) (.5,2/3) (.75,.75) (.75,.6) (.75,.5) (1,4/7) (1,.5).
    assertThat(m.get("pr_auc")).isCloseTo(0.25 + 0.25 + (2.0 / 3 + 0.75) / 2 * 0.25 + (0.5 + 4.0 / 7) / 2 * 0.25, within(1e-12));
    // At 0.5: tp 3, fp 2, fn 1, tn 2.
    assertThat(m.get("accuracy")).isCloseTo(5.0 / 8, within(1e-12));
    assertThat(m.get("precision")).isCloseTo(3.0 / 5, within(1e-12));
    assertThat(m.get("recall")).isCloseTo(3.0 / 4, within(1e-12));
    assertThat(m.get("f1")).isCloseTo(2 * 0.6 * 0.75 / (0.6 + 0.75), within(1e-12));
    double logLoss = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.3) + Math.log(0.6) + Math.log(0.45) + Math.log(0.6) + Math.log(0.3)
        + Math.log(0.8)) / 8;
    assertThat(m.get("log_loss")).isCloseTo(logLoss, within(1e-12));
    assertThat(report.numRows()).isEqualTo(8);
    assertThat(report.details()).containsEntry("positives", 4L);
    assertThat(((Map<?, ?>) report.details().get("confusion_matrix")).get("matrix")).isEqualTo(List.of(List.of(2L, 2L), List.of(1L, 3L)));
    assertThat(report.plots()).isEmpty();
  }

  @Test
  void runsAFixedSmallNumberOfSparkJobs() throws Exception {
    Dataset<Row> scored = binaryScored(SCORES, LABELS, 0.5).cache();
    scored.count();
    JobCounter jobs = new JobCounter();
    SPARK.sparkContext().addSparkListener(jobs);
    try {
      Evaluator.evaluate(scored, request(BINARY, false, List.of()));
      SPARK.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      SPARK.sparkContext().removeSparkListener(jobs);
      scored.unpersist();
    }
    // The binned aggregate (a map and a result stage), and Spark's exact areas (a range sort, the
    // cumulative counts, two passes per area): independent of the data size and of the plots.
    assertThat(jobs.count.get()).isLessThanOrEqualTo(8);
  }

  /** Counts the jobs started while it is registered. */
  static final class JobCounter extends org.apache.spark.scheduler.SparkListener {
    final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart jobStart) {
      count.incrementAndGet();
    }
  }

  @Test
  void appliesTheConfiguredThreshold() {
    EvaluationRequest strict = new EvaluationRequest(BINARY, 0.75, false, Map.of(), List.of());
    Map<String, Double> m = Evaluator.evaluate(binaryScored(SCORES, LABELS, 0.75), strict).metrics();
    // At 0.75 only 0.9 and 0.8 are positive: both right.
    assertThat(m.get("precision")).isCloseTo(1.0, within(1e-12));
    assertThat(m.get("recall")).isCloseTo(0.5, within(1e-12));
    assertThat(m.get("roc_auc")).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void reportsAreasOfASingleClassTestSetAsUndefined() {
    EvaluationReport report = Evaluator.evaluate(binaryScored(new double[] {0.2, 0.7}, new double[] {0, 0}, 0.5),
        request(BINARY, false, List.of()));
    assertThat(report.undefinedMetrics()).containsExactly("roc_auc", "pr_auc");
    assertThat(report.metricsForJson()).containsEntry("roc_auc", null).containsEntry("accuracy", 0.5);
  }

  @Test
  void keepsCurvesToABoundedNumberOfThresholds() {
    double[] scores = new double[2_000];
    double[] labels = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = (i * 7919 % scores.length) / (double) scores.length;
      labels[i] = (i % 3 == 0) == (scores[i] > 0.4) ? 1 : 0;
    }
    BinaryEvaluation evaluation = BinaryEvaluation.of(binaryScored(scores, labels, 0.5), BINARY, 0.5, Map.of());
    assertThat(evaluation.rocCurve()).hasSizeLessThanOrEqualTo(BinaryEvaluation.CURVE_BINS + 1)
        .startsWith(new CurvePoint(0, 0, 1.0)).last().extracting(CurvePoint::x, CurvePoint::y).containsExactly(1.0, 1.0);
    assertThat(evaluation.prCurve()).hasSizeLessThanOrEqualTo(BinaryEvaluation.CURVE_BINS + 1);
    assertThat(evaluation.calibration()).hasSize(BinaryEvaluation.CALIBRATION_BINS)
        .allSatisfy(b -> assertThat(b.meanPredicted()).isBetween(b.lower(), b.upper()));
  }

  @Test
  void computesMulticlassMetricsFromTheConfusionMatrix() {
    // (actual, predicted): (0,0) (0,1) (1,1) (1,1) (2,2) (2,0); probability of the actual class .7 .4 .8 .6 .8 .3
    List<Row> rows = List.of(
        row(0, 0, 0.7, 0.2, 0.1), row(0, 1, 0.4, 0.5, 0.1), row(1, 1, 0.1, 0.8, 0.1),
        row(1, 1, 0.2, 0.6, 0.2), row(2, 2, 0.1, 0.1, 0.8), row(2, 0, 0.5, 0.2, 0.3));
    StructType schema = new StructType()
        .add(LabelInfo.INDEX_COLUMN, DataTypes.DoubleType)
        .add(PredictionColumns.PREDICTION, DataTypes.DoubleType)
        .add(PredictionColumns.PROBABILITY, DataTypes.createArrayType(DataTypes.DoubleType));
    EvaluationReport report = Evaluator.evaluate(SPARK.createDataFrame(rows, schema), request(MULTI, true, List.of()));

    Map<String, Double> m = report.metrics();
    assertThat(m.keySet()).containsExactly("accuracy", "f1", "weighted_precision", "weighted_recall", "log_loss");
    assertThat(m.get("accuracy")).isCloseTo(4.0 / 6, within(1e-12));
    assertThat(m.get("f1")).isCloseTo((0.5 + 0.8 + 2.0 / 3) / 3, within(1e-12));
    assertThat(m.get("weighted_precision")).isCloseTo((0.5 + 2.0 / 3 + 1.0) / 3, within(1e-12));
    assertThat(m.get("weighted_recall")).isCloseTo(4.0 / 6, within(1e-12));
    double logLoss = -(Math.log(0.7) + Math.log(0.4) + Math.log(0.8) + Math.log(0.6) + Math.log(0.8) + Math.log(0.3)) / 6;
    assertThat(m.get("log_loss")).isCloseTo(logLoss, within(1e-12));
    assertThat(report.plots().keySet()).containsExactly("confusion_matrix.png", "feature_importance.png");
    report.plots().values().forEach(EvaluatorTest::assertDrawnPng);
  }

  private static Row row(double actual, double predicted, double... probabilities) {
    return RowFactory.create(actual, predicted, Arrays.stream(probabilities).boxed().toArray());
  }

  @Test
  void computesRegressionMetrics() {
    // errors .5, 0, -1, 1: sse 2.25; label variance 1.25
    List<Row> rows = List.of(RowFactory.create(1.0, 1.5), RowFactory.create(2.0, 2.0), RowFactory.create(3.0, 2.0), RowFactory.create(4.0, 5.0));
    StructType schema = new StructType().add(LabelInfo.INDEX_COLUMN, DataTypes.DoubleType).add(PredictionColumns.PREDICTION, DataTypes.DoubleType);
    EvaluationReport report = Evaluator.evaluate(SPARK.createDataFrame(rows, schema), request(REGRESSION, true, List.of()));

    Map<String, Double> m = report.metrics();
    assertThat(m.keySet()).containsExactly("rmse", "mae", "r2", "mse");
    assertThat(m.get("mse")).isCloseTo(0.5625, within(1e-12));
    assertThat(m.get("rmse")).isCloseTo(0.75, within(1e-12));
    assertThat(m.get("mae")).isCloseTo(0.625, within(1e-12));
    assertThat(m.get("r2")).isCloseTo(1 - 2.25 / 5, within(1e-12));
    assertThat(report.plots().keySet()).containsExactly("predicted_vs_actual.png", "residual_histogram.png", "feature_importance.png");
    report.plots().values().forEach(EvaluatorTest::assertDrawnPng);
  }

  @Test
  void drawsEveryBinaryPlot() {
    EvaluationReport report = Evaluator.evaluate(binaryScored(SCORES, LABELS, 0.5), request(BINARY, true, List.of()));
    assertThat(report.plots().keySet())
        .containsExactly("roc_curve.png", "pr_curve.png", "confusion_matrix.png", "calibration_curve.png", "feature_importance.png");
    assertThat(report.plotFailures()).isEmpty();
    report.plots().values().forEach(EvaluatorTest::assertDrawnPng);
  }

  @Test
  void addsCustomMetricsAfterTheBuiltInOnes() {
    EvaluationReport report = Evaluator.evaluate(binaryScored(SCORES, LABELS, 0.5), request(BINARY, false, List.of(new TruePositives())));
    assertThat(report.metrics()).containsEntry("true_positives", 3.0);
    assertThat(report.metrics().keySet()).endsWith("true_positives");
  }

  @Test
  void refusesACustomMetricNamedLikeABuiltInOne() {
    CustomMetric clash = new CustomMetric() {
      @Override
      public String name() {
        return "accuracy";
      }

      @Override
      public double compute(Dataset<Row> scored, MetricContext context) {
        return 1;
      }
    };
    assertThatThrownBy(() -> Evaluator.evaluate(binaryScored(SCORES, LABELS, 0.5), request(BINARY, false, List.of(clash))))
        .isInstanceOf(StepFailedException.class)
        .hasMessageEndingWith("is named 'accuracy', like a metric MBT computes");
  }

  @Test
  void reportsAFailingCustomMetricByClass() {
    CustomMetric broken = (scored, context) -> {
      throw new IllegalStateException("boom");
    };
    assertThatThrownBy(() -> Evaluator.evaluate(binaryScored(SCORES, LABELS, 0.5), request(BINARY, false, List.of(broken))))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("custom metric " + broken.getClass().getName() + " failed: java.lang.IllegalStateException: boom");
  }

  @Test
  void refusesAnEmptyTestSet() {
    assertThatThrownBy(() -> Evaluator.evaluate(binaryScored(new double[0], new double[0], 0.5), request(BINARY, false, List.of())))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("the test set has no rows with a known label, so there is nothing to evaluate");
  }

  /** A PNG that decodes, of the chart's size, with more than a background and a line drawn on it. */
  static void assertDrawnPng(byte[] png) {
    assertThat(png).hasSizeGreaterThan(1_000).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
    int background = image.getRGB(0, 0);
    Set<Integer> colors = new HashSet<>();
    long drawn = 0;
    for (int x = 0; x < image.getWidth(); x += 2) {
      for (int y = 0; y < image.getHeight(); y += 2) {
        int rgb = image.getRGB(x, y);
        colors.add(rgb);
        if (rgb != background) {
          drawn++;
        }
      }
    }
    assertThat(colors).hasSizeGreaterThan(5);
    assertThat(drawn).isGreaterThan(image.getWidth() * image.getHeight() / 4 / 50);
  }
}
