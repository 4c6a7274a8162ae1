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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.StringWriter;
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
  void aHalfLoggedRunIsNeverServedAndIsReplacedByAFreshRun() throws Exception {
    String pipeline = unique("half");
    String experiment = unique("mbt_test_half");
    // What a log_run killed mid-upload leaves: a RUNNING run tagged with the MBT run id, no artifacts.
    HttpClient http = HttpClient.newHttpClient();
    String experimentId = ManifestJsonTestSupport.field(http.send(post("experiments/create", "{\"name\": \"" + experiment + "\"}"),
        HttpResponse.BodyHandlers.ofString()).body(), "experiment_id");
    String body = http.send(post("runs/create", "{\"experiment_id\": \"" + experimentId + "\", \"tags\": [{\"key\": \"mbt.run_id\", \"value\": \"run_h\"},"
        + " {\"key\": \"mbt.pipeline\", \"value\": \"" + pipeline + "\"}]}"), HttpResponse.BodyHandlers.ofString()).body();
    String half = ManifestJsonTestSupport.run(body);
    try (ModelRegistry registry = registry(Map.of("experiment_name", experiment))) {
      assertThatThrownBy(() -> registry.loadRun(half)).isInstanceOf(RunNotFoundException.class)
          .hasMessageContaining("is RUNNING, not FINISHED: its logging did not complete, so it is not served");
      assertThat(registry.latestRunId(pipeline)).isEmpty();

      String fresh = registry.logRun(run("run_h", pipeline));
      assertThat(fresh).isNotEqualTo(half);
      assertThat(registry.loadRun(fresh).mbtRunId()).isEqualTo("run_h");
      assertThatThrownBy(() -> registry.loadRun(half)).isInstanceOf(RunNotFoundException.class).hasMessageContaining("is FAILED, not FINISHED");
      assertThat(registry.runIds(pipeline)).containsExactly(fresh);
    }
  }

  private static HttpRequest post(String path, String json) {
    return HttpRequest.newBuilder(java.net.URI.create(URI.replaceAll("/+$", "") + "/api/2.0/mlflow/" + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  /** Reads fields of MLflow's JSON answers. */
  private static final class ManifestJsonTestSupport {
    static String field(String json, String name) throws Exception {
      return io.mbt.compiler.manifest.ManifestJson.mapper().readTree(json).get(name).asText();
    }

    static String run(String json) throws Exception {
      return io.mbt.compiler.manifest.ManifestJson.mapper().readTree(json).at("/run/info/run_id").asText();
    }
  }

  @Test
  void anUnreachableServerFailsQuicklyWithoutLeakingCredentials() {
    StringWriter logs = new StringWriter();
    try (LogCapture ignored = new LogCapture(logs)) {
      try (ModelRegistry registry = ModelRegistries.get(AdapterRef.of("mlflow", Map.of("tracking_uri", "http://127.0.0.1:9", "token",
          "s3cr3t-token", "timeout_seconds", 5)), project, SPARK)) {
        assertThat(registry.healthCheck()).isFalse();
        long start = System.nanoTime();
        assertThatThrownBy(() -> registry.loadRun("abc")).isInstanceOf(RegistryException.class)
            .hasMessageContaining("MLflow at http://127.0.0.1:9 failed reading run abc").hasMessageNotContaining("s3cr3t-token");
        assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(60);
      }
      // The real server ignores credentials, so every call goes through with them attached.
      try (ModelRegistry registry = registry(Map.of("username", "ana", "password", "pa55word-secret"))) {
        assertThat(registry.healthCheck()).isTrue();
        assertThatThrownBy(() -> registry.loadRun("0123456789abcdef")).isInstanceOf(RunNotFoundException.class)
            .hasMessageNotContaining("pa55word-secret");
        assertThat(registry.latestRunId(unique("nothing"))).isEmpty();
      }
    }
    String basic = java.util.Base64.getEncoder().encodeToString("ana:pa55word-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(logs.toString()).as("debug logs of org.mlflow and io.mbt").contains("org.mlflow").doesNotContain("s3cr3t-token").doesNotContain("pa55word-secret")
        .doesNotContain(basic);
  }

  /** Every log event of {@code org.mlflow} and {@code io.mbt}, down to DEBUG, into a writer while open. */
  private static final class LogCapture implements AutoCloseable {
    private final org.apache.logging.log4j.core.LoggerContext context =
        (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
    private final org.apache.logging.log4j.core.appender.WriterAppender appender;
    private final Map<String, org.apache.logging.log4j.Level> before = new HashMap<>();

    LogCapture(StringWriter target) {
      appender = org.apache.logging.log4j.core.appender.WriterAppender.newBuilder().setName("mlflow-capture").setTarget(target)
          .setLayout(org.apache.logging.log4j.core.layout.PatternLayout.newBuilder().withPattern("%c %m%n").build()).build();
      appender.start();
      context.getConfiguration().getRootLogger().addAppender(appender, org.apache.logging.log4j.Level.ALL, null);
      for (String logger : List.of("org.mlflow", "io.mbt")) {
        before.put(logger, org.apache.logging.log4j.LogManager.getLogger(logger).getLevel());
        org.apache.logging.log4j.core.config.Configurator.setLevel(logger, org.apache.logging.log4j.Level.DEBUG);
      }
      context.updateLoggers();
    }

    @Override
    public void close() {
      before.forEach(org.apache.logging.log4j.core.config.Configurator::setLevel);
      context.getConfiguration().getRootLogger().removeAppender(appender.getName());
      context.updateLoggers();
      appender.stop();
    }
  }

  @Test
  void credentialsInsideTheTrackingUriAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> ModelRegistries.get(AdapterRef.of("mlflow", Map.of("tracking_uri", "http://ana:hunter2@127.0.0.1:9")), project, SPARK))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds credentials").hasMessageContaining("secret(")
        .hasMessageNotContaining("hunter2");
  }
}
