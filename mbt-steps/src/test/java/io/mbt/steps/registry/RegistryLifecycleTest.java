package io.mbt.steps.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.steps.testing.SharedSpark;
import io.mbt.steps.training.EvaluateStepFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registered model versions, aliases with their append-only event log, and artifact snapshots on the local registry. */
class RegistryLifecycleTest {
  private static final SparkSession SPARK = SharedSpark.session();
  @TempDir static Path artifacts;
  private static EvaluateStepFixture.Training training;
  @TempDir Path root;
  private LocalModelRegistry registry;

  @BeforeAll
  static void train() {
    training = EvaluateStepFixture.training(SPARK, artifacts);
  }

  @BeforeEach
  void logRuns() {
    registry = LocalModelRegistry.at(root.toUri().toString(), SPARK.sparkContext().hadoopConfiguration());
    for (String id : List.of("run_a", "run_b", "run_c")) {
      registry.logRun(new RunToLog("churn_lr", id, Optional.of("churn"), List.of(), Map.of("framework", "mllib_logistic_regression"),
          Map.of("roc_auc", 0.84), Map.of("metrics", Map.of("roc_auc", 0.84)), EvaluateStepFixture.LABEL,
          TrainingSchema.of(training.raw().schema(), EvaluateStepFixture.LABEL, Optional.of(EvaluateStepFixture.SCHEMA)),
          training.uris().get("train_model.model"), training.combined(), Optional.empty(),
          Instant.parse("2026-01-01T10:00:00Z")));
    }
  }

  private AliasEvent promote(String runId, String reason) {
    return registry.moveAlias(new AliasChange("churn", "champion", AliasAction.PROMOTE, Optional.of(runId), "ana", reason));
  }

  private AliasEvent rollback(Optional<String> runId) {
    return registry.moveAlias(new AliasChange("churn", "champion", AliasAction.ROLLBACK, runId, "bo", "incident 42"));
  }

  @Test
  void registeringARunTwiceKeepsOneVersion() {
    ModelVersion first = registry.registerModel("churn", "run_a");
    ModelVersion again = registry.registerModel("churn", "run_a");
    ModelVersion second = registry.registerModel("churn", "run_b");

    assertThat(first.version()).isEqualTo("1");
    assertThat(again).isEqualTo(first);
    assertThat(second.version()).isEqualTo("2");
    assertThat(registry.modelVersions("churn")).extracting(ModelVersion::runId).containsExactly("run_b", "run_a");
    assertThat(registry.modelVersions("other")).isEmpty();
  }

  @Test
  void concurrentRegistrationsNeverShareAVersionNorDuplicateARun() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<ModelVersion>> tasks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String run = List.of("run_a", "run_b", "run_c").get(i % 3);
        tasks.add(() -> registry.registerModel("churn", run));
      }
      for (Future<ModelVersion> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    List<ModelVersion> versions = registry.modelVersions("churn");
    assertThat(versions).extracting(ModelVersion::version).containsExactly("3", "2", "1");
    assertThat(new HashSet<>(versions.stream().map(ModelVersion::runId).toList())).containsExactlyInAnyOrder("run_a", "run_b", "run_c");
  }

  @Test
  void registeringAnUnknownRunFailsNamingIt() {
    assertThatThrownBy(() -> registry.registerModel("churn", "run_zzz")).isInstanceOf(RunNotFoundException.class).hasMessageContaining("run_zzz");
  }

  @Test
  void promoteAndRollbackAreRecordedAsAnAppendOnlyStack() {
    registry.registerModel("churn", "run_a");
    registry.registerModel("churn", "run_b");
    registry.registerModel("churn", "run_c");

    promote("run_a", "first model");
    promote("run_b", "better auc");
    AliasEvent noOp = promote("run_b", "retried promote");
    promote("run_c", "newest");
    assertThat(noOp.sequence()).isEqualTo(2);
    assertThat(registry.aliasRunId("churn", "champion")).contains("run_c");

    AliasEvent back = rollback(Optional.empty());
    assertThat(back.fromRunId()).contains("run_c");
    assertThat(back.toRunId()).isEqualTo("run_b");
    assertThat(rollback(Optional.of("run_a")).toRunId()).isEqualTo("run_a");
    assertThat(registry.aliasRunId("churn", "champion")).contains("run_a");

    List<AliasEvent> events = registry.aliasEvents("churn", "champion");
    assertThat(events).extracting(AliasEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(events).extracting(AliasEvent::action)
        .containsExactly(AliasAction.PROMOTE, AliasAction.PROMOTE, AliasAction.PROMOTE, AliasAction.ROLLBACK, AliasAction.ROLLBACK);
    assertThat(events.get(3).actor()).isEqualTo("bo");
    assertThat(events.get(3).reason()).isEqualTo("incident 42");
    assertThat(events.get(1).reason()).isEqualTo("better auc");
  }

  @Test
  void aliasErrorsSayWhatToDo() {
    registry.registerModel("churn", "run_a");
    assertThatThrownBy(() -> promote("run_b", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run_b is not a registered version of model 'churn'").hasMessageContaining("[run_a]");
    assertThatThrownBy(() -> rollback(Optional.empty())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no earlier run to roll back to (it was never set)");
    promote("run_a", "first");
    registry.registerModel("churn", "run_b");
    promote("run_b", "second");
    assertThatThrownBy(() -> rollback(Optional.of("run_c"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never held run run_c").hasMessageContaining("[run_a]");
    assertThatThrownBy(() -> new AliasChange("churn", "champion", AliasAction.PROMOTE, Optional.of("run_a"), "ana", " "))
        .hasMessageContaining("needs a reason");
    assertThat(registry.aliasRunId("churn", "challenger")).isEmpty();
  }

  @Test
  void concurrentPromotionsRecordEachEventOnce() throws Exception {
    registry.registerModel("churn", "run_a");
    registry.registerModel("churn", "run_b");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Set<String> outcomes = new HashSet<>();
    try {
      List<Callable<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String run = i % 2 == 0 ? "run_a" : "run_b";
        tasks.add(() -> {
          try {
            return "ok " + promote(run, "race").sequence();
          } catch (RegistryException e) {
            return "lost: " + e.getMessage();
          }
        });
      }
      for (Future<String> f : pool.invokeAll(tasks)) {
        outcomes.add(f.get());
      }
    } finally {
      pool.shutdown();
    }
    List<AliasEvent> events = registry.aliasEvents("churn", "champion");
    // Sequences are dense and unique however the race went; losers were told to retry.
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).sequence()).isEqualTo(i + 1);
    }
    outcomes.stream().filter(o -> o.startsWith("lost")).forEach(o -> assertThat(o).contains("moved by someone else"));
  }

  @Test
  void eachAliasMoveIsItsOwnEventFileThatLaterMovesNeverRewrite() throws IOException {
    registry.registerModel("churn", "run_a");
    registry.registerModel("churn", "run_b");
    promote("run_a", "first");
    Path events = root.resolve("models/churn/aliases/champion/events");
    Path first = events.resolve("0000000001.json");
    String firstContent = Files.readString(first);

    promote("run_b", "second");
    rollback(Optional.empty());

    assertThat(root.resolve("models/churn/versions/1.json")).exists();
    try (var files = Files.list(events)) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted())
          .containsExactly("0000000001.json", "0000000002.json", "0000000003.json");
    }
    assertThat(Files.readString(first)).isEqualTo(firstContent);
    assertThat(registry.aliasEvents("churn", "champion").get(2).fromRunId()).contains("run_b");
  }

  @Test
  void concurrentPromotionsOfTheSameRunAllSucceedWithOneEvent() throws Exception {
    registry.registerModel("churn", "run_a");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Set<Long> sequences = new HashSet<>();
    try {
      List<Callable<Long>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        tasks.add(() -> promote("run_a", "retried by a scheduler").sequence());
      }
      for (Future<Long> f : pool.invokeAll(tasks)) {
        sequences.add(f.get());
      }
    } finally {
      pool.shutdown();
    }
    assertThat(sequences).containsExactly(1L);
    assertThat(registry.aliasEvents("churn", "champion")).hasSize(1);
  }

  @Test
  void eventsOfAnotherAliasOrModelAreSeparate() {
    registry.registerModel("churn", "run_a");
    registry.registerModel("churn_eu", "run_b");
    promote("run_a", "first");
    registry.moveAlias(new AliasChange("churn_eu", "champion", AliasAction.PROMOTE, Optional.of("run_b"), "ana", "eu launch"));
    registry.moveAlias(new AliasChange("churn", "challenger", AliasAction.PROMOTE, Optional.of("run_a"), "ana", "shadow"));

    assertThat(registry.aliasRunId("churn", "champion")).contains("run_a");
    assertThat(registry.aliasRunId("churn_eu", "champion")).contains("run_b");
    assertThat(registry.aliasEvents("churn", "challenger")).singleElement().extracting(AliasEvent::reason).isEqualTo("shadow");
    assertThatThrownBy(() -> registry.aliasEvents("churn", "../x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid alias '../x'");
  }

  @Test
  void aSnapshotServesTheRunWithoutTheRegistryAndDetectsTampering() throws IOException {
    String dir = root.resolve("target/serving/snapshot").toUri().toString();
    RegisteredRun taken = RunSnapshot.take(registry, "run_b", dir, SPARK.sparkContext().hadoopConfiguration());
    assertThat(taken.runId()).isEqualTo("run_b");
    assertThat(RunSnapshot.take(registry, "run_b", dir, SPARK.sparkContext().hadoopConfiguration()).uri()).isEqualTo(taken.uri());

    // The registry goes away: the snapshot still loads, model and transforms included.
    org.apache.commons.io.FileUtils.deleteDirectory(root.resolve("runs").toFile());
    RegisteredRun loaded = RunSnapshot.load(dir, SPARK.sparkContext().hadoopConfiguration());
    assertThat(loaded.pipeline()).isEqualTo("churn_lr");
    assertThat(loaded.label()).isEqualTo(EvaluateStepFixture.LABEL);
    assertThat(loaded.trainingSchema().fieldNames()).isEqualTo(taken.trainingSchema().fieldNames());
    assertThat(loaded.loadModel(SPARK).transform(loaded.loadTransforms().transform(training.raw())).count()).isEqualTo(training.raw().count());

    Path bundle = root.resolve("target/serving/snapshot/model/bundle.json");
    Files.writeString(bundle, Files.readString(bundle).replace("mllib", "MLLIB"));
    Files.deleteIfExists(bundle.resolveSibling(".bundle.json.crc"));
    assertThatThrownBy(() -> RunSnapshot.load(dir, SPARK.sparkContext().hadoopConfiguration())).isInstanceOf(RegistryException.class)
        .hasMessageContaining("changed file model/bundle.json").hasMessageContaining("mbt compile");
    assertThatThrownBy(() -> RunSnapshot.load(root.resolve("nowhere").toUri().toString(), SPARK.sparkContext().hadoopConfiguration()))
        .isInstanceOf(RegistryException.class).hasMessageContaining("there is no artifact snapshot").hasMessageContaining("mbt compile");
  }
}
