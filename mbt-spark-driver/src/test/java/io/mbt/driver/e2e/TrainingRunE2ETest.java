package io.mbt.driver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.driver.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real training runs on the example project's Telco churn data, through the CLI in this JVM with
 * the embedded local Spark: the README's main job, end to end.
 */
class TrainingRunE2ETest {
  @TempDir static Path tmp;
  static Path project;

  @BeforeAll
  static void copyExample() {
    project = ExampleProjects.copy("telecom-churn", tmp);
  }

  private static CliRun mbt(String... args) {
    return CliRun.of(args);
  }

  private static JsonNode runResults(String pipeline) throws Exception {
    return ManifestJson.mapper().readTree(Files.readString(project.resolve("target").resolve(pipeline).resolve("run_results.json")));
  }

  @Test
  void xgboostTrainsOnTelcoAndReachesTheAucTarget() throws Exception {
    CliRun run = mbt("run", "--select", "churn_xgb_v1", "--project-dir", project.toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    JsonNode results = runResults("churn_xgb_v1");
    assertThat(results.get("status").asText()).isEqualTo("success");
    double auc = results.at("/steps/evaluate/metrics/roc_auc").asDouble();
    assertThat(auc).as("held-out ROC AUC").isGreaterThanOrEqualTo(0.83);
    assertThat(results.at("/steps/validate_data/checks_failed").asInt()).isZero();
    assertThat(results.at("/steps/log_run/registry_run_id").asText()).isEqualTo(results.get("run_id").asText());
    CliRun status = mbt("status", "churn_xgb_v1", "--project-dir", project.toString());
    assertThat(status.out()).contains("SUCCESS").contains("train_model");
    CliRun inspect = mbt("inspect", "churn_xgb_v1", "--step", "evaluate", "--project-dir", project.toString());
    assertThat(inspect.out()).contains("roc_auc");
  }

  /** The example's AutoML pipeline as shipped (a 300 s, 8-model budget): the slowest test of the suite, a few minutes. */
  @Test
  void automlSearchesFamiliesWithinItsBudgetAndItsLeaderReachesTheAucTarget() throws Exception {
    CliRun run = mbt("run", "--select", "churn_automl_v1", "--project-dir", project.toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    JsonNode results = runResults("churn_automl_v1");
    assertThat(results.at("/steps/evaluate/metrics/roc_auc").asDouble()).as("held-out ROC AUC of the leader").isGreaterThanOrEqualTo(0.83);
    String leader = results.at("/steps/train_model/automl_leader").asText();
    assertThat(leader).isNotBlank();

    Path metrics = project.resolve("local_artifacts/churn_automl_v1").resolve(results.get("run_id").asText()).resolve("train_model/train_metrics");
    JsonNode leaderboard = ManifestJson.mapper().readTree(Files.readString(metrics)).get("leaderboard");
    JsonNode entries = leaderboard.get("entries");
    assertThat(entries.size()).isBetween(2, 8);
    assertThat(entries.get(0).get("model_id").asText()).isEqualTo(leader);
    java.util.Set<String> families = new java.util.HashSet<>();
    entries.forEach(e -> families.add(e.get("family").asText()));
    assertThat(families).as("model families searched").hasSizeGreaterThanOrEqualTo(2);
    // No candidate starts unless the longest run of its family still fits: the search ends at most one candidate past the budget.
    double longest = 0;
    for (JsonNode entry : entries) {
      longest = Math.max(longest, entry.get("fit_seconds").asDouble());
    }
    assertThat(leaderboard.get("search_seconds").asDouble()).as("search time within max_runtime_secs + one candidate")
        .isLessThanOrEqualTo(300 + longest);
  }

  @Test
  void mllibLogisticRegressionTrainsOnTelco() throws Exception {
    CliRun run = mbt("run", "--select", "churn_lr_v1", "--project-dir", project.toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(runResults("churn_lr_v1").at("/steps/evaluate/metrics/roc_auc").asDouble()).isGreaterThan(0.80);
  }

  @Test
  void dryRunShowsThePlanWithoutRunning() {
    CliRun run = mbt("run", "--select", "churn_gbt_v1", "--dry-run", "--project-dir", project.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("plan for churn_gbt_v1").contains("train_model").contains("GbtTrainer");
    assertThat(project.resolve("target/churn_gbt_v1/run_results.json")).doesNotExist();
  }
}
