package io.mbt.driver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.profile.AdapterRef;
import io.mbt.driver.cli.CliRun;
import io.mbt.steps.registry.CandidateBundles;
import io.mbt.steps.registry.ModelRegistries;
import io.mbt.steps.registry.ModelRegistry;
import io.mbt.steps.registry.PublishedBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Model Factory on the Telco example through the CLI, as a user runs it: the table as Delta,
 * {@code mbt dataset pin}, {@code mbt mf request} fills the digests, {@code mbt mf submit} trains
 * on the pinned version, gates, and publishes a candidate to the registry (the MLflow server
 * {@code scripts/test.sh} starts, else the local registry) without moving any alias; a duplicate
 * submit answers with the same run; {@code promote} makes the candidate the champion.
 */
class ModelFactoryE2ETest {
  private static final String MLFLOW = System.getenv("MBT_MLFLOW_TRACKING_URI");
  @TempDir Path tmp;
  Path project;

  private CliRun mbt(String... args) {
    return CliRun.inProject(project, args);
  }

  @Test
  void pinSubmitPublishesACandidateThatOnlyPromotionServes() throws Exception {
    project = ExampleProjects.copy("telecom-churn", tmp);
    boolean mlflow = MLFLOW != null && !MLFLOW.isBlank();
    // MLflow: a fresh registered model per test run; local: the project's own registry, named after the experiment.
    String model = mlflow ? "churn_mf_" + UUID.randomUUID().toString().substring(0, 8) : "telecom_churn";
    String registry = mlflow
        ? "      model_registry:\n        type: mlflow\n        config:\n          tracking_uri: \"" + MLFLOW + "\"\n          registered_model_name: "
            + model + "\n          timeout_seconds: 10\n"
        : "      model_registry:\n        type: local\n        config:\n          path: ./mbt_registry\n";
    // The example's lake target, with the registry this test uses.
    String profiles = Files.readString(project.resolve("profiles.yaml"));
    String lake = profiles.substring(profiles.indexOf("    lake:"), profiles.indexOf("    prod:"));
    String local = lake.substring(lake.indexOf("      model_registry:"), lake.indexOf("      mf:"));
    Files.writeString(project.resolve("profiles.yaml"), profiles.replace(lake, lake.replace(local, registry)));

    // The source table as Delta, as a lake would hold it: mbt seed loads sample_data/*.csv (version 0).
    CliRun devSeed = mbt("seed");
    assertThat(devSeed.code()).as("the dev target reads CSV: nowhere to seed").isEqualTo(1);
    assertThat(devSeed.err()).contains("does not keep Delta tables at a location", "format: delta");
    CliRun seed = mbt("seed", "--target", "lake");
    assertThat(seed.code()).as(seed.out() + seed.err()).isZero();
    assertThat(seed.out()).contains("seeded    telco_customer_churn", "(version 0, 7043 rows)");
    assertThat(mbt("seed", "--target", "lake").out()).as("an unchanged seed makes no new version")
        .contains("unchanged telco_customer_churn", "(version 0)");

    ModelRegistry reg = registry(mlflow);
    // A normal training run on the lake target becomes the champion.
    CliRun normal = mbt("run", "--select", "churn_lr_v1", "--target", "lake");
    assertThat(normal.code()).as(normal.out() + normal.err()).isZero();
    String champion = reg.latestRunId("churn_lr_v1").orElseThrow();
    CliRun promote = mbt("registry", "promote", "--target", "lake", "--model", model, "--alias", "champion", "--run-id", champion,
        "--reason", "baseline");
    assertThat(promote.code()).as(promote.out() + promote.err()).isZero();

    String today = LocalDate.now(ZoneOffset.UTC).toString();
    CliRun pin = mbt("dataset", "pin", "churn_lr_v1", "--target", "lake", "--as-of", today, "--feature-pack", "telco-core");
    assertThat(pin.code()).as(pin.out() + pin.err()).isZero();
    String manifestUri = group(pin.out(), "pinned: (\\S+)");
    assertThat(pin.out()).contains("telco_customer_churn @ v0");
    CliRun again = mbt("dataset", "pin", "churn_lr_v1", "--target", "lake", "--as-of", today, "--feature-pack", "telco-core");
    assertThat(again.out()).as("pinning unchanged data again is the same manifest").contains("already pinned: " + manifestUri);

    Files.createDirectories(project.resolve("mf/policies"));
    Files.writeString(project.resolve("mf/policies/churn.yaml"), """
        policy_rev: churn-7
        principals: {submit: [airflow@analytics], publish: [airflow@analytics]}
        required_metrics: [roc_auc, log_loss]
        gates: [{metric: roc_auc, min: 0.80}, {metric: log_loss, max: 0.60}]
        retry: {TRAIN: 2, PUBLISH: 3, backoff_s: {initial: 1, max: 2}}
        """);
    Path request = project.resolve("request.yaml");
    Files.writeString(request, """
        request_id: churn-%s
        intent: baseline_train
        requester_principal: airflow@analytics
        dataset_manifests: [{uri: %s}]
        training_config: {pipeline: churn_lr_v1}
        policy_profile: {uri: mf/policies/churn.yaml}
        wiring: {target: lake}
        """.formatted(today, manifestUri));
    CliRun filled = mbt("mf", "request", request.toString());
    assertThat(filled.code()).as(filled.out() + filled.err()).isZero();
    String runId = group(filled.out(), "train_run_id: (tr_[0-9a-f]+)");
    assertThat(Files.readString(request)).contains("sha256:");

    CliRun submit = mbt("mf", "submit", request.toString());
    assertThat(submit.code()).as(submit.out() + submit.err()).isZero();
    assertThat(submit.out()).contains("run " + runId + ": SUCCESS_PUBLISHED");
    String fingerprint = group(submit.out(), "bundle: (sha256:[0-9a-f]{64})");

    // A candidate version tagged with the fingerprint; the champion did not move; latest serving ignores candidates.
    PublishedBundle candidate = reg.bundleStatus(model, fingerprint).orElseThrow(() -> new AssertionError("no version holds " + fingerprint));
    assertThat(candidate.tags()).containsEntry("train_run_id", runId).containsEntry("policy_rev", "churn-7")
        .containsEntry(CandidateBundles.TAG_CANDIDATE, "true");
    assertThat(reg.aliasRunId(model, "champion")).contains(champion);
    assertThat(reg.latestRunId("churn_lr_v1")).contains(champion);

    CliRun duplicate = mbt("mf", "submit", request.toString());
    assertThat(duplicate.code()).as(duplicate.out() + duplicate.err()).isZero();
    assertThat(duplicate.out()).contains("run " + runId + ": SUCCESS_PUBLISHED (existing run)");
    assertThat(reg.modelVersions(model)).as("one version per bundle, however often it is submitted").hasSize(2);

    CliRun status = mbt("mf", "status", runId, "--target", "lake");
    assertThat(status.code()).as(status.out() + status.err()).isZero();
    assertThat(status.out()).contains("outcome:   SUCCESS_PUBLISHED", "gate:      PASS under churn-7", "bundle:    " + fingerprint);
    CliRun history = mbt("mf", "history", "--model", model, "--target", "lake");
    assertThat(history.out()).contains(runId, "policy churn-7", manifestUri, "published PUBLISHED");

    CliRun serve = mbt("registry", "promote", "--target", "lake", "--model", model, "--alias", "champion", "--run-id", candidate.registryRunId(),
        "--reason", "MF candidate passed churn-7");
    assertThat(serve.code()).as(serve.out() + serve.err()).isZero();
    assertThat(reg.aliasRunId(model, "champion")).contains(candidate.registryRunId());
    assertThat(candidate.aliases()).isEmpty();

    // Re-gate run 1 under a stricter policy: a new run that trains nothing and fails its gate.
    Files.writeString(project.resolve("mf/policies/strict.yaml"), Files.readString(project.resolve("mf/policies/churn.yaml"))
        .replace("churn-7", "churn-strict").replace("min: 0.80", "min: 0.99"));
    CliRun regate = mbt("mf", "regate", runId, "--policy", "mf/policies/strict.yaml", "--target", "lake");
    assertThat(regate.code()).as(regate.out() + regate.err()).isEqualTo(1);
    assertThat(regate.out()).contains("FAILED_GATES");
    assertThat(regate.err()).contains("GATE_THRESHOLD_NOT_MET");
    String regateRun = group(regate.out(), "run (tr_[0-9a-f]+)");
    assertThat(stageCompletions(regateRun, "TRAIN")).isZero();

    if (mlflow) {
      // The registry is down at PUBLISH: the PASS candidate waits (exit 75); a publish-only retry finishes it without training.
      Files.writeString(project.resolve("mf/policies/churn.yaml"), Files.readString(project.resolve("mf/policies/churn.yaml"))
          .replace("churn-7", "churn-8"));
      Path second = project.resolve("request-8.yaml");
      Files.writeString(second, String.join("\n", "request_id: churn8-" + today, "intent: baseline_train",
          "requester_principal: airflow@analytics", "dataset_manifests: [{uri: " + manifestUri + "}]", "training_config: {pipeline: churn_lr_v1}",
          "policy_profile: {uri: mf/policies/churn.yaml}", "wiring: {target: lake}", ""));
      assertThat(mbt("mf", "request", second.toString()).code()).isZero();
      String up = Files.readString(project.resolve("profiles.yaml"));
      Files.writeString(project.resolve("profiles.yaml"), up.replace(MLFLOW, "http://127.0.0.1:9"));
      CliRun pending = mbt("mf", "submit", second.toString());
      assertThat(pending.code()).as(pending.out() + pending.err()).isEqualTo(75);
      assertThat(pending.out()).contains("PUBLISH_PENDING");
      String secondRun = group(pending.out(), "run (tr_[0-9a-f]+)");
      assertThat(secondRun).isNotEqualTo(runId);

      Files.writeString(project.resolve("profiles.yaml"), up);
      CliRun published = mbt("mf", "publish", secondRun, "--target", "lake");
      assertThat(published.code()).as(published.out() + published.err()).isZero();
      assertThat(published.out()).contains("run " + secondRun + ": SUCCESS_PUBLISHED");
      assertThat(stageCompletions(secondRun, "TRAIN")).isEqualTo(1);
      String secondFingerprint = group(published.out(), "bundle: (sha256:[0-9a-f]{64})");
      assertThat(reg.bundleStatus(model, secondFingerprint)).isPresent();
    }
    reg.close();
  }

  /** How often {@code stage} completed in run {@code run}, from its receipts. */
  private long stageCompletions(String run, String stage) {
    CliRun history = mbt("mf", "history", "--run", run, "--target", "lake");
    assertThat(history.code()).as(history.out() + history.err()).isZero();
    return history.out().lines().filter(l -> l.contains(" stage_completed ") && l.contains(" " + stage + "/")).count();
  }

  private ModelRegistry registry(boolean mlflow) {
    AdapterRef ref = mlflow ? AdapterRef.of("mlflow", Map.of("tracking_uri", MLFLOW, "timeout_seconds", 10))
        : AdapterRef.of("local", Map.of("path", "./mbt_registry"));
    return ModelRegistries.get(ref, project, new Configuration());
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("'" + regex + "' in:\n" + text).isTrue();
    return m.group(1);
  }
}
