package io.mbt.steps.training;

import static io.mbt.steps.training.EvaluateStepFixture.LABEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.evaluation.TruePositives;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.model.ModelBundle;
import io.mbt.steps.testing.SharedSpark;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateStepTest {
  private static final SparkSession SPARK = SharedSpark.session();
  @TempDir static Path dir;
  private static Map<String, String> inputs;
  private static ModelBundle bundle;
  private static Dataset<Row> test;
  /** One evaluation, shared read-only by the tests: the step is the expensive part. */
  private static EvaluateStepFixture.Context evaluated;

  @BeforeAll
  static void trainAndEvaluate() {
    Dataset<Row> train = EvaluateStepFixture.churn(SPARK, 600, 1);
    test = EvaluateStepFixture.churn(SPARK, 300, 2);
    bundle = EvaluateStepFixture.trainBundle(train, List.of("x1", "x2"));
    inputs = Map.of(
        "train_model.model", EvaluateStepFixture.saveBundle(SPARK, bundle, dir.resolve("model")),
        "split_data.test_set", EvaluateStepFixture.saveTable(test, dir.resolve("test_set")),
        "split_data.label_info", EvaluateStepFixture.saveJson(LABEL, dir.resolve("label_info.json")));
    evaluated = run(EvaluateStepFixture.evaluateConfig("roc_auc", List.of("accuracy", "f1"), true, List.of(TruePositives.class.getName()), 0.5),
        "evaluated");
  }

  private static EvaluateStepFixture.Context run(Map<String, Object> config, String name) {
    EvaluateStepFixture.Context ctx = new EvaluateStepFixture.Context(SPARK, "evaluate", config, inputs,
        List.of("eval_metrics", "plots", "predictions"), dir.resolve(name), dir, "run_1", Map.of());
    new EvaluateStep().run(ctx);
    return ctx;
  }

  @Test
  @SuppressWarnings("unchecked")
  void writesEveryMetricOfTheProblemTypeAndRecordsTheConfiguredOnes() throws IOException {
    EvaluateStepFixture.Context ctx = evaluated;

    Map<String, Object> doc = ManifestJson.mapper().readValue(Path.of(URI.create(ctx.outputUri("eval_metrics"))).toFile(), Map.class);
    Map<String, Object> metrics = (Map<String, Object>) doc.get("metrics");
    assertThat(metrics.keySet()).containsExactly("roc_auc", "pr_auc", "accuracy", "f1", "precision", "recall", "log_loss", "true_positives");
    assertThat((Double) metrics.get("roc_auc")).isGreaterThan(0.75);
    assertThat(doc).containsEntry("num_rows", 300).containsEntry("problem_type", "binary_classification").containsKey("calibration");
    assertThat((Map<String, Object>) doc.get("feature_importance")).containsOnlyKeys("x1", "x2");

    // Run results carry the configured metrics only, primary first.
    Map<String, Double> recorded = (Map<String, Double>) ctx.records.get("metrics");
    assertThat(recorded.keySet()).containsExactly("roc_auc", "accuracy", "f1", "true_positives");
    assertThat(recorded.get("roc_auc")).isEqualTo((Double) metrics.get("roc_auc"));
    assertThat(ctx.records).containsEntry("test_rows", 300L);
  }

  @Test
  void drawsTheBinaryPlots() throws IOException {
    Path plots = Path.of(URI.create(evaluated.outputUri("plots")));
    try (Stream<Path> files = Files.list(plots)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("roc_curve.png", "pr_curve.png", "confusion_matrix.png", "calibration_curve.png", "feature_importance.png");
    }
    assertThat(ImageIO.read(plots.resolve("roc_curve.png").toFile()).getWidth()).isEqualTo(800);
  }

  @Test
  void predictionsKeepKeysRawColumnsAndScoresLikeTheBundle() {
    Dataset<Row> predictions = SPARK.read().format("delta").load(evaluated.outputUri("predictions"));

    assertThat(predictions.columns())
        .containsExactly("id", "x1", "x2", "plan", "note", "churn", LabelInfo.INDEX_COLUMN, "prediction", "probability", "probability_positive");
    assertThat(predictions.schema().apply("probability_positive").dataType().simpleString()).isEqualTo("double");
    // Same probabilities as scoring the test rows with the bundle directly, row by row.
    Dataset<Row> direct = bundle.transform(test)
        .select(org.apache.spark.sql.functions.col("id"), functions.vector_to_array(org.apache.spark.sql.functions.col("probability"), "float64")
            .getItem(1).as("expected"));
    List<Row> joined = predictions.join(direct, "id").select("probability_positive", "expected", "prediction").collectAsList();
    assertThat(joined).hasSize(300).allSatisfy(r -> {
      assertThat(r.getDouble(0)).isCloseTo(r.getDouble(1), within(1e-12));
      assertThat(r.getDouble(2)).isEqualTo(r.getDouble(0) >= 0.5 ? 1.0 : 0.0);
    });
  }

  @Test
  void refusesAMetricThatTheProblemTypeDoesNotHave() {
    assertThatThrownBy(() -> run(EvaluateStepFixture.evaluateConfig("rmse", List.of(), false, List.of(), 0.5), "bad"))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("evaluation metrics [rmse] are not computed for binary_classification; available: "
            + "[roc_auc, pr_auc, accuracy, f1, precision, recall, log_loss]");
  }

  @Test
  void ordersConfiguredMetricsPrimaryFirstWithoutDuplicates() {
    var spec = new io.mbt.compiler.model.EvaluationSpec("f1", List.of("accuracy", "f1"), false, List.of(), 0.5);
    assertThat(EvaluateStep.configuredMetrics(spec, List.of("lift"))).containsExactly("f1", "accuracy", "lift");
  }
}
