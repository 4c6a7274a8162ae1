package io.mbt.driver.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.driver.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training → serving with the MLflow registry on a real tracking server ({@code scripts/test.sh}
 * starts one and exports {@code MBT_MLFLOW_TRACKING_URI}; skipped without it): the run, its model
 * version and artifacts go to MLflow, serving loads them back by run id, and with the server
 * unreachable a snapshot still scores while a pipeline without one fails clearly.
 */
class MlflowRoundTripE2ETest {
  private static final String URI = System.getenv("MBT_MLFLOW_TRACKING_URI");
  @TempDir Path tmp;
  Path project;

  private CliRun mbt(String... args) {
    return CliRun.inProject(project, args);
  }

  private JsonNode runResults(String pipeline) throws Exception {
    return ManifestJson.mapper().readTree(Files.readString(project.resolve("target").resolve(pipeline).resolve("run_results.json")));
  }

  private void pointRegistryAt(String trackingUri, String model) throws Exception {
    Path profiles = project.resolve("profiles.yaml");
    String text = Files.readString(profiles);
    String dev = text.substring(text.indexOf("    dev:"), text.indexOf("    prod:"));
    String local = dev.substring(dev.indexOf("      model_registry:"), dev.indexOf("      secrets:", dev.indexOf("      model_registry:")));
    String mlflow = "      model_registry:\n        type: mlflow\n        config:\n          tracking_uri: \"" + trackingUri + "\"\n"
        + "          registered_model_name: " + model + "\n          timeout_seconds: 10\n";
    Files.writeString(profiles, text.replace(dev, dev.replace(local, mlflow)));
  }

  @Test
  void trainsToMlflowServesByRunIdAndSurvivesTheServerGoingDown() throws Exception {
    assumeTrue(URI != null && !URI.isBlank(), "MBT_MLFLOW_TRACKING_URI is not set: start a server with scripts/mlflow-server.sh start");
    project = ExampleProjects.copy("telecom-churn", tmp);
    String model = "churn_e2e_" + UUID.randomUUID().toString().substring(0, 8);
    pointRegistryAt(URI, model);
    String serving = Files.readString(project.resolve("pipelines/churn_serving_v1.yaml")).replace("    registry: local\n", "");
    Files.writeString(project.resolve("pipelines/churn_serving_v1.yaml"), serving);
    Files.writeString(project.resolve("pipelines/churn_serving_frozen.yaml"), serving.replace("name: churn_serving_v1", "name: churn_serving_frozen")
        .replace("run_id: \"{{ var('run_id', 'latest') }}\"", "run_id: \"{{ var('run_id', 'latest') }}\"\n    artifact_snapshot: true")
        .replace("predictions/churn_scores", "predictions/churn_scores_frozen"));

    CliRun train = mbt("run", "--select", "churn_lr_v1");
    assertThat(train.code()).as(train.out() + train.err()).isZero();
    JsonNode logRun = runResults("churn_lr_v1").at("/steps/log_run");
    String mlflowRun = logRun.get("registry_run_id").asText();
    assertThat(logRun.get("registry").asText()).isEqualTo("mlflow");
    assertThat(logRun.get("model_name").asText()).isEqualTo(model);
    assertThat(logRun.get("model_version").asText()).isEqualTo("1");

    CliRun serve = mbt("run", "--select", "churn_serving_v1", "--vars", "run_id=" + mlflowRun + ",execution_date=2026-11-01");
    assertThat(serve.code()).as(serve.out() + serve.err()).isZero();
    assertThat(runResults("churn_serving_v1").at("/steps/load_model/registry").asText()).isEqualTo("mlflow");
    assertThat(SparkSession.active().read().format("delta").load(project.resolve("predictions/churn_scores").toString())
        .filter("execution_date = DATE'2026-11-01'").count()).isEqualTo(7043);

    CliRun compiled = mbt("compile", "churn_serving_frozen", "--vars", "run_id=" + mlflowRun);
    assertThat(compiled.code()).as(compiled.out() + compiled.err()).isZero();
    assertThat(compiled.out()).contains("artifact snapshot of mlflow run " + mlflowRun);

    // The tracking server becomes unreachable.
    pointRegistryAt("http://127.0.0.1:9", model);
    CliRun frozen = mbt("run", "--select", "churn_serving_frozen", "--vars", "run_id=" + mlflowRun + ",execution_date=2026-11-01");
    assertThat(frozen.code()).as(frozen.out() + frozen.err()).isZero();
    assertThat(runResults("churn_serving_frozen").at("/steps/load_model/source").asText()).isEqualTo("snapshot");

    CliRun down = mbt("run", "--select", "churn_serving_v1", "--vars", "run_id=" + mlflowRun + ",execution_date=2026-11-02");
    assertThat(down.code()).isEqualTo(1);
    assertThat(down.err()).contains("cannot resolve model " + mlflowRun).contains("http://127.0.0.1:9").contains("artifact_snapshot");

    CliRun debug = mbt("debug");
    assertThat(debug.out()).contains("model registry (mlflow)").contains("MlflowModelRegistry[http://127.0.0.1:9] is not reachable");
  }
}
