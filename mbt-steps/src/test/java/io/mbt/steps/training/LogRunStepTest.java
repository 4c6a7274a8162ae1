package io.mbt.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.compiler.model.Resources;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.registry.LocalModelRegistry;
import io.mbt.steps.registry.RegisteredRun;
import io.mbt.steps.registry.TrainingSchema;
import io.mbt.steps.testing.SharedSpark;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRunStepTest {
  private static final SparkSession SPARK = SharedSpark.session();
  @TempDir static Path dir;
  private static Map<String, String> inputs;

  @BeforeAll
  static void train() throws IOException {
    EvaluateStepFixture.Training training = EvaluateStepFixture.training(SPARK, dir);
    Path plots = Files.createDirectories(dir.resolve("plots"));
    Files.write(plots.resolve("roc_curve.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    Map<String, Object> trainMetrics = Map.of("framework", "mllib_logistic_regression", "params", Map.of("max_iter", 50, "reg_param", 0.01));
    Map<String, Object> evalMetrics = Map.of("problem_type", "binary_classification", "metrics", Map.of("roc_auc", 0.81, "accuracy", 0.77));
    // In DAG order, as the planner lists them.
    inputs = new LinkedHashMap<>();
    inputs.put("train_model.model", training.uris().get("train_model.model"));
    inputs.put("train_model.train_metrics", EvaluateStepFixture.saveJson(trainMetrics, dir.resolve("train_metrics.json")));
    inputs.put("evaluate.eval_metrics", EvaluateStepFixture.saveJson(evalMetrics, dir.resolve("eval_metrics.json")));
    inputs.put("evaluate.plots", plots.toUri().toString());
    inputs.put("split_data.label_info", training.uris().get("split_data.label_info"));
    inputs.put("split_data.train_set", training.uris().get("split_data.train_set"));
    inputs.put("encode.fitted", training.uris().get("encode.fitted"));
    inputs.put("normalize.fitted", training.uris().get("normalize.fitted"));
  }

  private static EvaluateStepFixture.Context context(Map<String, Object> registry, String runId, Path project) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("registry", registry);
    config.put("experiment_name", "telecom_churn");
    config.put("pipeline_name", "churn_lr_v1");
    config.put("tags", List.of("churn", "lr"));
    // log_run's config has no schema: the step finds it on evaluate.
    ManifestStep evaluate = new ManifestStep("io.mbt.steps.training.EvaluateStep",
        Map.of("schema", ManifestJson.toMap(EvaluateStepFixture.SCHEMA)), Resources.none(), List.of(), List.of(), List.of(), true);
    return new EvaluateStepFixture.Context(SPARK, "log_run", config, inputs, List.of("registry_run"), project.resolve("artifacts").resolve(runId),
        project, runId, Map.of("evaluate", evaluate));
  }

  private static Map<String, Object> local(String path) {
    return Map.of("type", "local", "config", Map.of("path", path));
  }

  @Test
  @SuppressWarnings("unchecked")
  void logsTheRunToTheLocalRegistryUnderTheProject(@TempDir Path project) throws IOException {
    EvaluateStepFixture.Context ctx = context(local("./mbt_registry"), "run_20260101_000000_abcd", project);
    new LogRunStep().run(ctx);

    Map<String, Object> out = ManifestJson.mapper().readValue(Path.of(URI.create(ctx.outputUri("registry_run"))).toFile(), Map.class);
    assertThat(out).containsEntry("registry", "local").containsEntry("registry_run_id", "run_20260101_000000_abcd");
    assertThat(Path.of(URI.create((String) out.get("uri")))).isEqualTo(project.resolve("mbt_registry/runs/run_20260101_000000_abcd"));
    assertThat(ctx.records).containsEntry("registry_run_id", "run_20260101_000000_abcd").containsEntry("registry", "local");

    RegisteredRun run = LocalModelRegistry.at(project.resolve("mbt_registry").toUri().toString(), SPARK.sparkContext().hadoopConfiguration())
        .loadRun("run_20260101_000000_abcd");
    assertThat(run.pipeline()).isEqualTo("churn_lr_v1");
    assertThat(run.experiment()).contains("telecom_churn");
    assertThat(run.tags()).containsExactly("churn", "lr");
    assertThat(run.params()).containsEntry("framework", "mllib_logistic_regression").containsEntry("max_iter", 50).containsEntry("reg_param", 0.01);
    assertThat(run.metrics()).containsEntry("roc_auc", 0.81).containsEntry("accuracy", 0.77);
    assertThat(TrainingSchema.columns(run.trainingSchema(), TrainingSchema.Role.PRIMARY_KEY)).containsExactly("id");
    assertThat(TrainingSchema.columns(run.trainingSchema(), TrainingSchema.Role.INPUT)).containsExactly("x1", "x2", "plan");
    // ONE pipeline: encode's stages, then normalize's.
    Transformer[] stages = run.loadTransforms().stages();
    assertThat(stages).hasSize(3);
    assertThat(stages[0]).isInstanceOf(StringIndexerModel.class);
    assertThat(stages[1]).isInstanceOf(VectorAssembler.class);
    assertThat(stages[2]).isInstanceOf(StandardScalerModel.class);
    assertThat(Path.of(URI.create(run.plotsUri().orElseThrow())).resolve("roc_curve.png")).exists();
  }

  @Test
  void aRetriedStepReturnsTheSameRegistryRun(@TempDir Path project) throws IOException {
    new LogRunStep().run(context(local("reg"), "run_retry", project));
    EvaluateStepFixture.Context again = context(local("reg"), "run_retry", project);
    new LogRunStep().run(again);

    assertThat(again.records).containsEntry("registry_run_id", "run_retry");
    try (var runs = Files.list(project.resolve("reg/runs"))) {
      assertThat(runs.map(p -> p.getFileName().toString())).containsExactly("run_retry");
    }
  }

  @Test
  void refusesAnUnknownRegistryType(@TempDir Path project) {
    assertThatThrownBy(() -> new LogRunStep().run(context(Map.of("type", "wandb", "config", Map.of()), "run_x", project)))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("unknown model registry 'wandb'; installed registries: [local");
  }
}
