package io.mbt.steps.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.registry.AliasAction;
import io.mbt.steps.registry.AliasChange;
import io.mbt.steps.registry.AliasEvent;
import io.mbt.steps.registry.ModelRegistries;
import io.mbt.steps.registry.ModelRegistry;
import io.mbt.steps.registry.ModelVersion;
import io.mbt.steps.registry.RegisteredRun;
import io.mbt.steps.registry.RegistryException;
import io.mbt.steps.registry.RunNotFoundException;
import io.mbt.steps.registry.RunToLog;
import io.mbt.steps.registry.TrainingSchema;
import io.mbt.steps.testing.SharedSpark;
import io.mbt.steps.training.EvaluateStepFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MLflow adapter against a real tracking server: {@code scripts/test.sh} starts one
 * ({@code scripts/mlflow-server.sh}) and exports {@code MBT_MLFLOW_TRACKING_URI}; without it these
 * tests are skipped.
 */
class MlflowModelRegistryTest {
  private static final String URI = System.getenv("MBT_MLFLOW_TRACKING_URI");
  private static final SparkSession SPARK = SharedSpark.session();
  @TempDir static Path artifacts;
  @TempDir static Path project;
  private static EvaluateStepFixture.Training training;
  private static Path plots;

  @BeforeAll
  static void train() throws Exception {
    assumeTrue(URI != null && !URI.isBlank(), "MBT_MLFLOW_TRACKING_URI is not set: start a server with scripts/mlflow-server.sh start");
    training = EvaluateStepFixture.training(SPARK, artifacts);
    plots = Files.createDirectories(artifacts.resolve("plots"));
    Files.write(plots.resolve("roc_curve.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
  }

  private static ModelRegistry registry(Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(Map.of("tracking_uri", URI));
    config.putAll(extra);
    return ModelRegistries.get(AdapterRef.of("mlflow", config), project, SPARK);
  }

  private static RunToLog run(String mbtRunId, String pipeline) {
    return new RunToLog(pipeline, mbtRunId, Optional.of("mbt_test_" + pipeline), List.of("churn"), Map.of("framework", "mllib_logistic_regression",
        "max_iter", 50), Map.of("roc_auc", 0.84), Map.of("metrics", Map.of("roc_auc", 0.84)), EvaluateStepFixture.LABEL,
        TrainingSchema.of(training.raw().schema(), EvaluateStepFixture.LABEL, Optional.of(EvaluateStepFixture.SCHEMA)),
        training.uris().get("train_model.model"), training.combined(), Optional.of(plots.toUri().toString()), Instant.now());
  }

  private static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aLoggedRunLoadsBackAndScoresLikeTheTrainingPipeline() {
    String pipeline = unique("churn");
    try (ModelRegistry registry = registry(Map.of())) {
      String id = registry.logRun(run("run_1", pipeline));
      assertThat(registry.logRun(run("run_1", pipeline))).as("logging the same MBT run again").isEqualTo(id);

      RegisteredRun loaded = registry.loadRun(id);
      assertThat(loaded.registry()).isEqualTo("mlflow");
      assertThat(loaded.pipeline()).isEqualTo(pipeline);
      assertThat(loaded.mbtRunId()).isEqualTo("run_1");
      assertThat(loaded.metrics()).containsEntry("roc_auc", 0.84);
      assertThat(loaded.params()).containsEntry("max_iter", "50");
      assertThat(loaded.label()).isEqualTo(EvaluateStepFixture.LABEL);
      assertThat(loaded.trainingSchema().fieldNames()).contains("plan", "x1", "x2");
      assertThat(loaded.plotsUri()).isPresent();
      long scored = loaded.loadModel(SPARK).transform(loaded.loadTransforms().transform(training.raw())).count();
      assertThat(scored).isEqualTo(training.raw().count());
      assertThat(registry.latestRunId(pipeline)).contains(id);
      assertThat(registry.runIds(pipeline)).containsExactly(id);
    }
  }

  @Test
  void unknownRunsAreNotFoundAndModelsRegisterOncePerRun() {
    String model = unique("model");
    try (ModelRegistry registry = registry(Map.of())) {
      assertThatThrownBy(() -> registry.loadRun("0123456789abcdef")).isInstanceOf(RunNotFoundException.class)
          .hasMessageContaining("no run '0123456789abcdef'");
      String a = registry.logRun(run("run_a", unique("p")));
      String b = registry.logRun(run("run_b", unique("p")));
      ModelVersion v1 = registry.registerModel(model, a);
      assertThat(registry.registerModel(model, a)).isEqualTo(v1);
      ModelVersion v2 = registry.registerModel(model, b);
      assertThat(registry.modelVersions(model)).extracting(ModelVersion::runId).containsExactly(b, a);
      assertThat(v2.version()).isEqualTo("2");

      AliasEvent first = registry.moveAlias(new AliasChange(model, "champion", AliasAction.PROMOTE, Optional.of(a), "ana", "first"));
      registry.moveAlias(new AliasChange(model, "champion", AliasAction.PROMOTE, Optional.of(b), "ana", "better"));
      assertThat(registry.moveAlias(new AliasChange(model, "champion", AliasAction.PROMOTE, Optional.of(b), "ana", "retry")).sequence())
          .isEqualTo(2);
      assertThat(registry.aliasRunId(model, "champion")).contains(b);
      AliasEvent back = registry.moveAlias(new AliasChange(model, "champion", AliasAction.ROLLBACK, Optional.empty(), "bo", "incident"));
      assertThat(back.toRunId()).isEqualTo(a);
      assertThat(registry.aliasRunId(model, "champion")).contains(a);
      assertThat(registry.aliasEvents(model, "champion")).extracting(AliasEvent::sequence).containsExactly(1L, 2L, 3L);
      assertThat(first.fromRunId()).isEmpty();
      assertThat(registry.aliasRunId(model, "challenger")).isEmpty();
    }
  }

  @Test
  void anUnreachableServerFailsQuicklyWithoutLeakingCredentials() {
    try (ModelRegistry registry = ModelRegistries.get(AdapterRef.of("mlflow", Map.of("tracking_uri", "http://127.0.0.1:9", "token",
        "s3cr3t-token", "timeout_seconds", 5)), project, SPARK)) {
      assertThat(registry.healthCheck()).isFalse();
      long start = System.nanoTime();
      assertThatThrownBy(() -> registry.loadRun("abc")).isInstanceOf(RegistryException.class)
          .hasMessageContaining("http://127.0.0.1:9").hasMessageNotContaining("s3cr3t-token");
      assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(60);
    }
    try (ModelRegistry registry = registry(Map.of())) {
      assertThat(registry.healthCheck()).isTrue();
    }
  }
}
