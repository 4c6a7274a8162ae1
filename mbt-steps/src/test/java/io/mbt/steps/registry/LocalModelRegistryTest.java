package io.mbt.steps.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.testing.SharedSpark;
import io.mbt.steps.training.EvaluateStepFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelRegistryTest {
  private static final SparkSession SPARK = SharedSpark.session();
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  @TempDir static Path artifacts;
  private static EvaluateStepFixture.Training training;
  private static Path plots;
  private static PipelineModel noTransforms;
  @TempDir Path root;

  @BeforeAll
  static void train() throws IOException {
    training = EvaluateStepFixture.training(SPARK, artifacts);
    plots = Files.createDirectories(artifacts.resolve("plots"));
    Files.write(plots.resolve("roc_curve.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    noTransforms = new Pipeline().setStages(new PipelineStage[0]).fit(training.raw());
  }

  private LocalModelRegistry registry() {
    return LocalModelRegistry.at(root.toUri().toString(), SPARK.sparkContext().hadoopConfiguration());
  }

  private static RunToLog run(String runId, String pipeline, Instant createdAt, PipelineModel transforms) {
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("roc_auc", 0.84);
    metrics.put("pr_auc", null);
    return new RunToLog(pipeline, runId, Optional.of("churn"), List.of("churn", "test"), Map.of("framework", "mllib_logistic_regression"),
        metrics, Map.of("metrics", Map.of("roc_auc", 0.84)), EvaluateStepFixture.LABEL,
        TrainingSchema.of(training.raw().schema(), EvaluateStepFixture.LABEL, Optional.of(EvaluateStepFixture.SCHEMA)),
        training.uris().get("train_model.model"), transforms, Optional.of(plots.toUri().toString()), createdAt);
  }

  @Test
  void loadsALoggedRunThatScoresLikeTheTrainingPipeline() {
    LocalModelRegistry registry = registry();
    String id = registry.logRun(run("run_a", "churn_lr", T0, training.combined()));
    RegisteredRun loaded = registry.loadRun(id);

    assertThat(id).isEqualTo("run_a");
    assertThat(loaded.registry()).isEqualTo("local");
    assertThat(loaded.pipeline()).isEqualTo("churn_lr");
    assertThat(loaded.mbtRunId()).isEqualTo("run_a");
    assertThat(loaded.experiment()).contains("churn");
    assertThat(loaded.tags()).containsExactly("churn", "test");
    assertThat(loaded.params()).containsEntry("framework", "mllib_logistic_regression");
    // Undefined metrics (null) are left out.
    assertThat(loaded.metrics()).containsOnly(Map.entry("roc_auc", 0.84));
    assertThat(loaded.createdAt()).isEqualTo(T0);
    assertThat(loaded.status()).isEqualTo("success");
    assertThat(loaded.label()).isEqualTo(EvaluateStepFixture.LABEL);
    assertThat(Path.of(URI.create(loaded.plotsUri().orElseThrow())).resolve("roc_curve.png")).exists();
    assertThat(Path.of(URI.create(loaded.metricsUri()))).content().contains("\"roc_auc\" : 0.84");

    // Serving: raw rows without the label, through the stored transforms, then the stored model.
    Dataset<Row> scoring = training.raw().drop("churn", LabelInfo.INDEX_COLUMN).limit(40);
    Map<String, Vector> served = probabilities(loaded.loadModel(SPARK).transform(loaded.loadTransforms().transform(scoring)));
    Map<String, Vector> trained = probabilities(training.bundle().transform(training.combined().transform(scoring)));
    assertThat(served).hasSize(40).allSatisfy((id2, p) -> assertThat(p.apply(1)).isCloseTo(trained.get(id2).apply(1), within(1e-12)));
    assertThat(loaded.loadTransforms().stages()).hasSize(3);
  }

  private static Map<String, Vector> probabilities(Dataset<Row> scored) {
    Map<String, Vector> out = new HashMap<>();
    scored.select("id", "probability").collectAsList().forEach(r -> out.put(r.getString(0), (Vector) r.get(1)));
    return out;
  }

  @Test
  void storesTheRawTrainingSchemaWithRoles() {
    LocalModelRegistry registry = registry();
    var schema = registry.loadRun(registry.logRun(run("run_s", "churn_lr", T0, noTransforms))).trainingSchema();

    assertThat(schema.fieldNames()).containsExactly("id", "x1", "x2", "plan", "note", "churn");
    assertThat(TrainingSchema.columns(schema, TrainingSchema.Role.LABEL)).containsExactly("churn");
    assertThat(TrainingSchema.columns(schema, TrainingSchema.Role.PRIMARY_KEY)).containsExactly("id");
    assertThat(TrainingSchema.columns(schema, TrainingSchema.Role.IGNORED)).containsExactly("note");
    assertThat(TrainingSchema.columns(schema, TrainingSchema.Role.INPUT)).containsExactly("x1", "x2", "plan");
  }

  @Test
  void replaysAnEmptyTransformPipelineAsTheIdentity() {
    LocalModelRegistry registry = registry();
    PipelineModel transforms = registry.loadRun(registry.logRun(run("run_e", "churn_lr", T0, noTransforms))).loadTransforms();
    assertThat(transforms.stages()).isEmpty();
    assertThat(transforms.transform(training.raw()).columns()).containsExactly(training.raw().columns());
  }

  @Test
  void loggingTheSameRunAgainReturnsItsIdAndWritesNothing() throws IOException {
    LocalModelRegistry registry = registry();
    String first = registry.logRun(run("run_i", "churn_lr", T0, noTransforms));
    Path runJson = root.resolve("runs").resolve("run_i").resolve("run.json");
    String logged = Files.readString(runJson);

    String second = registry.logRun(run("run_i", "churn_lr", T0.plusSeconds(60), noTransforms));

    assertThat(second).isEqualTo(first);
    assertThat(Files.readString(runJson)).isEqualTo(logged);
    assertThat(registry.loadRun("run_i").createdAt()).isEqualTo(T0);
    try (Stream<Path> runs = Files.list(root.resolve("runs"))) {
      assertThat(runs.map(p -> p.getFileName().toString())).containsExactly("run_i");
    }
  }

  @Test
  void refusesARunIdLoggedByAnotherPipeline() {
    LocalModelRegistry registry = registry();
    registry.logRun(run("run_x", "churn_lr", T0, noTransforms));
    assertThatThrownBy(() -> registry.logRun(run("run_x", "churn_xgb", T0, noTransforms)))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("registry run 'run_x' at ")
        .hasMessageEndingWith(" already holds run run_x of pipeline churn_lr, not run run_x of churn_xgb;"
            + " run ids must be unique per registry: start a new run (mbt run)");
  }

  @Test
  void leavesNoTraceOfAnInterruptedWrite() throws IOException {
    LocalModelRegistry registry = registry();
    registry.logRun(run("run_ok", "churn_lr", T0, noTransforms));
    // A writer killed before its rename leaves a complete-looking temporary directory behind.
    Path runs = root.resolve("runs");
    copyTree(runs.resolve("run_ok"), runs.resolve("_tmp-killed"));
    Files.writeString(runs.resolve("_tmp-killed").resolve("run.json"),
        Files.readString(runs.resolve("_tmp-killed").resolve("run.json")).replace("2026-01-01T10:00:00Z", "2027-01-01T10:00:00Z"));

    assertThat(registry.runIds("churn_lr")).containsExactly("run_ok");
    assertThat(registry.latestRunId("churn_lr")).contains("run_ok");
    assertThatThrownBy(() -> registry.loadRun("_tmp-killed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid registry run id '_tmp-killed': use a single path segment of letters, digits, '-', '_' or '.'"
            + " that does not start with '_' or '.'");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }

  @Test
  void findsTheNewestRunOfAPipeline() {
    LocalModelRegistry registry = registry();
    registry.logRun(run("run_1", "churn_lr", T0, noTransforms));
    registry.logRun(run("run_3", "churn_lr", T0.plusMillis(1500), noTransforms));
    registry.logRun(run("run_2", "churn_lr", T0.plusSeconds(1), noTransforms));
    registry.logRun(run("run_9", "churn_xgb", T0.plusSeconds(60), noTransforms));

    assertThat(registry.latestRunId("churn_lr")).contains("run_3");
    assertThat(registry.runIds("churn_lr")).containsExactly("run_3", "run_2", "run_1");
    assertThat(registry.latestRunId("churn_gbt")).isEmpty();
  }

  @Test
  void namesTheNewestRunsWhenARunIsMissing() {
    LocalModelRegistry registry = registry();
    registry.logRun(run("run_1", "churn_lr", T0, noTransforms));
    assertThatThrownBy(() -> registry.loadRun("run_404"))
        .isInstanceOf(RunNotFoundException.class)
        .hasMessage("no run 'run_404' in the model registry at " + registry.uri() + "; newest runs: run_1 (churn_lr)."
            + " Check the run id (mbt status shows the registry run of the last training run), or train the pipeline first");
  }

  @Test
  void isFoundByTypeWithItsPathResolvedAgainstTheProject(@TempDir Path project) {
    ModelRegistry registry = ModelRegistries.get(AdapterRef.of("local", Map.of("path", "./registry")), project, SPARK);

    assertThat(registry).isInstanceOf(LocalModelRegistry.class);
    assertThat(((LocalModelRegistry) registry).uri()).isEqualTo(project.resolve("registry").toUri().toString().replaceAll("/$", ""));
    assertThat(registry.healthCheck()).isTrue();
    assertThat(project.resolve("registry").resolve("runs")).isDirectory();
    assertThat(ModelRegistries.names()).contains("local");
  }

  @Test
  void keepsAUriPathAsIs() {
    assertThat(LocalModelRegistry.resolve("s3a://bucket/registry/", Path.of("/project"))).isEqualTo("s3a://bucket/registry");
    assertThat(LocalModelRegistry.resolve("/abs/registry", Path.of("/project"))).isEqualTo("file:///abs/registry");
    assertThat(LocalModelRegistry.resolve("mbt_registry", Path.of("/project"))).isEqualTo("file:///project/mbt_registry");
  }

  @Test
  void listsInstalledRegistriesForAnUnknownType(@TempDir Path project) {
    assertThatThrownBy(() -> ModelRegistries.get(AdapterRef.of("wandb", Map.of()), project, SPARK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown model registry 'wandb'; installed registries: [local");
  }

  @Test
  void refusesAPathThatIsNotText(@TempDir Path project) {
    assertThatThrownBy(() -> ModelRegistries.get(AdapterRef.of("local", Map.of("path", 42)), project, SPARK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model_registry.config.path must be a directory or URI, e.g. ./mbt_registry or s3a://bucket/registry, but was: 42");
  }

  @Test
  void failsItsHealthCheckWhenThePathIsAFile() throws IOException {
    Path file = Files.writeString(root.resolve("not-a-directory"), "x");
    assertThat(LocalModelRegistry.at(file.toUri().toString(), SPARK.sparkContext().hadoopConfiguration()).healthCheck()).isFalse();
  }
}
