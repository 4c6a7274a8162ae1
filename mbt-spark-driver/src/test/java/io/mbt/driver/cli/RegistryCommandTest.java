package io.mbt.driver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.steps.registry.LocalModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mbt registry} on the telecom-churn example with its local file registry, and serving
 * aliases resolved when a pipeline is compiled. Runs are written as the local registry stores
 * them (run.json), so no Spark is needed.
 */
class RegistryCommandTest {
  private static final String MODEL = "telecom_churn";
  @TempDir Path dir;
  Path project;

  private CliRun mbt(String... args) {
    return CliRun.inProject(project, args);
  }

  @BeforeEach
  void projectWithTwoRegisteredRuns() throws IOException {
    project = copyExample("telecom-churn");
    Path registry = project.resolve("mbt_registry");
    logRun(registry, "run_a", "churn_lr_v1", "2026-11-01T10:00:00Z");
    logRun(registry, "run_b", "churn_xgb_v1", "2026-11-02T10:00:00Z");
    LocalModelRegistry local = LocalModelRegistry.at(registry.toUri().toString(), new Configuration());
    local.registerModel(MODEL, "run_a");
    local.registerModel(MODEL, "run_b");
    String serving = Files.readString(project.resolve("pipelines/churn_serving_v1.yaml"));
    Files.writeString(project.resolve("pipelines/churn_serving_champion.yaml"), serving
        .replace("name: churn_serving_v1", "name: churn_serving_champion")
        .replace("run_id: \"{{ var('run_id', 'latest') }}\"   # pass --vars run_id=<id> to pin a run", "alias: champion"));
  }

  @Test
  void promoteHistoryAndRollbackMoveTheAliasAndKeepWhoWhenAndWhy() {
    CliRun versions = mbt("registry", "versions", "--model", MODEL);
    assertThat(versions.code()).as(versions.err()).isZero();
    assertThat(versions.out()).contains("v2").contains("run_b").contains("v1").contains("run_a");

    CliRun first = mbt("registry", "promote", "--model", MODEL, "--alias", "champion", "--run-id", "run_a", "--reason", "baseline", "--actor", "ana");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("alias champion of telecom_churn -> run_a (event #1)");
    CliRun second = mbt("registry", "promote", "--model", MODEL, "--alias", "champion", "--run-id", "run_b", "--reason", "AUC +0.02");
    assertThat(second.out()).contains("-> run_b (event #2)");
    CliRun retried = mbt("registry", "promote", "--model", MODEL, "--alias", "champion", "--run-id", "run_b", "--reason", "AUC +0.02");
    assertThat(retried.out()).as("a repeated promotion records nothing").contains("(event #2)");

    CliRun rollback = mbt("registry", "rollback", "--model", MODEL, "--alias", "champion", "--reason", "drift alert", "--actor", "bo");
    assertThat(rollback.code()).as(rollback.err()).isZero();
    assertThat(rollback.out()).contains("rolled back run_b -> run_a (event #3)");

    CliRun history = mbt("registry", "history", "--model", MODEL, "--alias", "champion");
    assertThat(history.code()).as(history.err()).isZero();
    List<String> lines = history.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("#1").contains("promote").contains("run_a").contains("ana").contains("baseline");
    assertThat(lines.get(1)).startsWith("#2").contains("run_a").contains("run_b").contains(System.getProperty("user.name"));
    assertThat(lines.get(2)).startsWith("#3").contains("rollback").contains("bo").contains("drift alert");
    assertThat(lines.get(3)).isEqualTo("current: run_a");
  }

  @Test
  void badMovesExitWithOneAndSayWhatToDo() {
    CliRun unknown = mbt("registry", "promote", "--model", MODEL, "--alias", "champion", "--run-id", "run_zzz", "--reason", "x");
    assertThat(unknown.code()).isEqualTo(MbtCli.FAILED);
    assertThat(unknown.err()).contains("run_zzz is not a registered version of model 'telecom_churn'").contains("[run_b, run_a]");

    CliRun nothingEarlier = mbt("registry", "rollback", "--model", MODEL, "--alias", "champion", "--reason", "x");
    assertThat(nothingEarlier.code()).isEqualTo(MbtCli.FAILED);
    assertThat(nothingEarlier.err()).contains("no earlier run to roll back to (it was never set)");

    mbt("registry", "promote", "--model", MODEL, "--alias", "champion", "--run-id", "run_a", "--reason", "first");
    mbt("registry", "promote", "--model", MODEL, "--alias", "champion", "--run-id", "run_b", "--reason", "second");
    CliRun neverHeld = mbt("registry", "rollback", "--model", MODEL, "--alias", "champion", "--run-id", "run_b", "--reason", "x");
    assertThat(neverHeld.code()).isEqualTo(MbtCli.FAILED);
    assertThat(neverHeld.err()).contains("never held run run_b before its current run run_b").contains("[run_a]");

    CliRun noReason = mbt("registry", "promote", "--model", MODEL, "--alias", "champion", "--run-id", "run_a", "--reason", " ");
    assertThat(noReason.code()).isEqualTo(MbtCli.FAILED);
    assertThat(noReason.err()).contains("needs a reason");

    CliRun missingOption = mbt("registry", "promote", "--model", MODEL, "--alias", "champion", "--run-id", "run_a");
    assertThat(missingOption.code()).isEqualTo(MbtCli.USAGE);
    assertThat(missingOption.err()).contains("Missing required option: '--reason=TEXT'");
    CliRun noSubcommand = CliRun.of("registry");
    assertThat(noSubcommand.code()).isEqualTo(MbtCli.USAGE);
    assertThat(noSubcommand.err()).contains("use 'mbt registry promote|rollback|history|versions|runs'");
    CliRun projectBeforeCommand = CliRun.of("--project-dir", project.toString(), "registry", "versions", "--model", MODEL);
    assertThat(projectBeforeCommand.code()).as(projectBeforeCommand.err()).isZero();
  }

  @Test
  void runsListsEachPipelinesLoggedRunsNewestFirst() {
    CliRun all = mbt("registry", "runs");
    assertThat(all.code()).as(all.err()).isZero();
    assertThat(all.out()).contains("run_a").contains("churn_lr_v1").contains("run_b").contains("churn_xgb_v1");
    CliRun one = mbt("registry", "runs", "--pipeline", "churn_lr_v1");
    assertThat(one.out().strip()).startsWith("run_a").doesNotContain("run_b");
    CliRun none = mbt("registry", "runs", "--pipeline", "churn_gbt_v1");
    assertThat(none.out()).contains("pipeline churn_gbt_v1 has no logged runs");
  }

  @Test
  void aServingAliasCompilesToTheRunItNamesAndTheSameStateToTheSameManifest() throws IOException {
    mbt("registry", "promote", "--model", MODEL, "--alias", "champion", "--run-id", "run_b", "--reason", "best auc");

    CliRun compiled = mbt("compile", "churn_serving_champion");
    assertThat(compiled.code()).as(compiled.out() + compiled.err()).isZero();
    JsonNode load = loadModelConfig();
    assertThat(load.get("alias").asText()).isEqualTo("champion");
    assertThat(load.get("model_name").asText()).isEqualTo(MODEL);
    assertThat(load.get("run_id").asText()).isEqualTo("run_b");
    JsonNode first = manifest().get("steps");

    assertThat(mbt("compile", "churn_serving_champion").code()).isZero();
    assertThat(manifest().get("steps")).as("the same registry state compiles to the same steps").isEqualTo(first);

    mbt("registry", "promote", "--model", MODEL, "--alias", "champion", "--run-id", "run_a", "--reason", "back to baseline");
    assertThat(mbt("compile", "churn_serving_champion").code()).isZero();
    assertThat(loadModelConfig().get("run_id").asText()).isEqualTo("run_a");
  }

  @Test
  void anUnsetAliasFailsTheCompileAtTheAliasKeyWithTheFix() throws IOException {
    CliRun compiled = mbt("compile", "churn_serving_champion");
    assertThat(compiled.code()).isEqualTo(MbtCli.FAILED);
    assertThat(compiled.err()).containsPattern("pipelines/churn_serving_champion\\.yaml:\\d+:\\d+: ")
        .contains("serving.model_source.alias").contains("alias 'champion' of registered model 'telecom_churn' is not set")
        .contains("mbt registry promote --model telecom_churn --alias champion");
    assertThat(project.resolve("target/churn_serving_champion/manifest.json")).doesNotExist();

    // Validation needs no registry: the alias is left for run time.
    CliRun validate = mbt("validate", "churn_serving_champion");
    assertThat(validate.code()).as(validate.out() + validate.err()).isZero();
  }

  private JsonNode manifest() throws IOException {
    return ManifestJson.mapper().readTree(Files.readString(project.resolve("target/churn_serving_champion/manifest.json")));
  }

  private JsonNode loadModelConfig() throws IOException {
    return manifest().at("/steps/load_model/config");
  }

  /** A run as the local registry's logRun writes it (run.json is what listing and loading read). */
  private static void logRun(Path registry, String runId, String pipeline, String createdAt) throws IOException {
    Path run = Files.createDirectories(registry.resolve("runs").resolve(runId));
    Files.writeString(run.resolve("run.json"), """
        {"format_version": 1, "registry_run_id": "%s", "mbt_run_id": "%s", "pipeline": "%s", "experiment": "telecom_churn",
         "tags": [], "params": {}, "metrics": {"roc_auc": 0.84}, "created_at": "%s", "status": "success",
         "label": {"label_column": "Churn", "problem_type": "binary_classification", "classes": ["No", "Yes"], "positive_class": "Yes"},
         "training_schema": {"type": "struct", "fields": [{"name": "tenure", "type": "integer", "nullable": true, "metadata": {}}]},
         "artifacts": {"model": "model", "transforms": "transforms", "metrics": "metrics.json", "plots": "plots"}}
        """.formatted(runId, runId, pipeline, createdAt));
  }

  private Path copyExample(String name) throws IOException {
    Path examples = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(examples.resolve("examples"))) {
      examples = examples.getParent();
    }
    Path source = examples.resolve("examples").resolve(name);
    Path target = dir.resolve(name);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path rel = source.relativize(p);
        String first = rel.getNameCount() > 0 ? rel.getName(0).toString() : "";
        if (List.of("target", "local_artifacts", "mbt_registry", "logs", "predictions").contains(first)) {
          continue;
        }
        Path out = target.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(out);
        } else {
          Files.copy(p, out);
        }
      }
    }
    return target;
  }
}
