package io.mbt.driver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.driver.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training → serving on the example project with the embedded local registry, through the CLI:
 * batch scoring to Delta, idempotent reruns per execution date, train/serve parity, and the
 * resilience paths (artifact snapshot, fallback run, neither) with the registry gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServingE2ETest {
  @TempDir static Path tmp;
  static Path project;
  static String trainedRun;

  private static CliRun mbt(String... args) {
    return CliRun.inProject(project, args);
  }

  private static JsonNode runResults(String pipeline) throws Exception {
    return ManifestJson.mapper().readTree(Files.readString(project.resolve("target").resolve(pipeline).resolve("run_results.json")));
  }

  @BeforeAll
  static void train() throws Exception {
    project = ExampleProjects.copy("telecom-churn", tmp);
    CliRun run = mbt("run", "--select", "churn_lr_v1");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    trainedRun = runResults("churn_lr_v1").at("/steps/log_run/registry_run_id").asText();
    // Serving variants a production team would write: one frozen at compile time, one with a fallback.
    String serving = Files.readString(project.resolve("pipelines/churn_serving_v1.yaml"));
    Files.writeString(project.resolve("pipelines/churn_serving_snapshot.yaml"), serving
        .replace("name: churn_serving_v1", "name: churn_serving_snapshot")
        .replace("run_id: \"{{ var('run_id', 'latest') }}\"", "run_id: \"{{ var('run_id', 'latest') }}\"\n    artifact_snapshot: true")
        .replace("predictions/churn_scores", "predictions/churn_scores_snapshot"));
    Files.writeString(project.resolve("pipelines/churn_serving_fallback.yaml"), serving
        .replace("name: churn_serving_v1", "name: churn_serving_fallback")
        .replace("run_id: \"{{ var('run_id', 'latest') }}\"",
            "run_id: \"{{ var('run_id', 'latest') }}\"\n    fallback_run_id: \"{{ var('fallback', 'none') }}\"")
        .replace("predictions/churn_scores", "predictions/churn_scores_fallback"));
  }

  private static Dataset<Row> predictions(String path) {
    return SparkSession.active().read().format("delta").load(project.resolve(path).toString());
  }

  @Test
  @Order(1)
  void scoresEveryRowToDeltaAndARerunOfTheSameDateReplacesItsRows() throws Exception {
    CliRun first = mbt("run", "--select", "churn_serving_v1", "--vars", "run_id=" + trainedRun + ",execution_date=2026-11-01");
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    JsonNode results = runResults("churn_serving_v1");
    assertThat(results.at("/steps/load_model/model_run_id").asText()).isEqualTo(trainedRun);
    assertThat(results.at("/steps/publish_predictions/rows_written").asLong()).isEqualTo(7043);

    CliRun again = mbt("run", "--select", "churn_serving_v1", "--vars", "run_id=" + trainedRun + ",execution_date=2026-11-01");
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    CliRun nextDay = mbt("run", "--select", "churn_serving_v1", "--vars", "run_id=" + trainedRun + ",execution_date=2026-11-02");
    assertThat(nextDay.code()).as(nextDay.out() + nextDay.err()).isZero();

    Dataset<Row> out = predictions("predictions/churn_scores");
    assertThat(out.filter("execution_date = DATE'2026-11-01'").count()).isEqualTo(7043);
    assertThat(out.filter("execution_date = DATE'2026-11-02'").count()).isEqualTo(7043);
    assertThat(out.columns()).contains("customerID", "churn_probability", "churn_predicted", "run_id", "mbt_run_id", "execution_date");
    assertThat(out.select("run_id").distinct().collectAsList()).extracting(r -> r.getString(0)).containsExactly(trainedRun);
    assertThat(out.select("churn_predicted").distinct().collectAsList()).extracting(r -> r.getString(0)).containsOnly("Yes", "No");
  }

  @Test
  @Order(2)
  void servingPredictionsEqualTheTrainingRunsEvaluatePredictions() {
    Dataset<Row> evaluated = SparkSession.active().read().format("delta")
        .load(project.resolve("local_artifacts/churn_lr_v1/" + trainedRun + "/evaluate/predictions").toString());
    Dataset<Row> served = predictions("predictions/churn_scores").filter("execution_date = DATE'2026-11-01'");
    List<Row> pairs = evaluated.select(functions.col("customerID"), functions.col("probability_positive"))
        .join(served.select(functions.col("customerID"), functions.col("churn_probability")), "customerID")
        .collectAsList();
    assertThat(pairs).hasSize((int) evaluated.count());
    Map<String, Double> diff = new HashMap<>();
    for (Row r : pairs) {
      double d = Math.abs(r.getDouble(1) - r.getDouble(2));
      if (d > 1e-9) {
        diff.put(r.getString(0), d);
      }
    }
    assertThat(diff).as("customers whose serving probability differs from evaluate's").isEmpty();
  }

  @Test
  @Order(3)
  void withTheRegistryGoneASnapshotStillScoresAFallbackIsUsedAndWithNeitherTheRunFails() throws Exception {
    CliRun compiled = mbt("compile", "churn_serving_snapshot", "--vars", "run_id=" + trainedRun);
    assertThat(compiled.code()).as(compiled.out() + compiled.err()).isZero();
    assertThat(compiled.out()).contains("artifact snapshot of local run " + trainedRun);
    assertThat(project.resolve("target/churn_serving_snapshot/snapshot/snapshot.json")).exists();

    // The primary run is deleted: the fallback (the same model, logged under another id) serves.
    Path runs = project.resolve("mbt_registry/runs");
    copyTree(runs.resolve(trainedRun), runs.resolve("known_good"));
    rewriteRunId(runs.resolve("known_good/run.json"), trainedRun, "known_good");
    CliRun fallback = mbt("run", "--select", "churn_serving_fallback", "--vars", "run_id=deleted_run,fallback=known_good,execution_date=2026-11-01");
    assertThat(fallback.code()).as(fallback.out() + fallback.err()).isZero();
    JsonNode results = runResults("churn_serving_fallback");
    assertThat(results.at("/steps/load_model/fallback_used").asBoolean()).isTrue();
    assertThat(results.at("/steps/load_model/model_run_id").asText()).isEqualTo("known_good");
    assertThat(results.at("/steps/load_model/primary_error").asText()).contains("deleted_run");
    assertThat(Files.readString(latestLog("churn_serving_fallback"))).contains("model_fallback");

    // The whole registry is unreachable.
    Files.move(project.resolve("mbt_registry"), project.resolve("mbt_registry_offline"));
    CliRun snapshot = mbt("run", "--select", "churn_serving_snapshot", "--vars", "run_id=" + trainedRun + ",execution_date=2026-11-01");
    assertThat(snapshot.code()).as(snapshot.out() + snapshot.err()).isZero();
    assertThat(runResults("churn_serving_snapshot").at("/steps/load_model/source").asText()).isEqualTo("snapshot");
    assertThat(predictions("predictions/churn_scores_snapshot").count()).isEqualTo(7043);

    CliRun neither = mbt("run", "--select", "churn_serving_v1", "--vars", "run_id=" + trainedRun + ",execution_date=2026-11-03");
    assertThat(neither.code()).isEqualTo(1);
    assertThat(neither.err()).contains("cannot resolve model " + trainedRun).contains("artifact_snapshot").contains("fallback_run_id");
    assertThat(runResults("churn_serving_v1").get("status").asText()).isEqualTo("failed");
    assertThat(predictions("predictions/churn_scores").filter("execution_date = DATE'2026-11-03'").count()).isZero();
  }

  @Test
  @Order(4)
  void scoringDataWithAChangedSchemaFailsNamingTheColumnsBeforeWritingAnything() throws Exception {
    if (Files.exists(project.resolve("mbt_registry_offline"))) {
      Files.move(project.resolve("mbt_registry_offline"), project.resolve("mbt_registry"));
    }
    Path data = project.resolve("sample_data/telco_customer_churn.csv");
    List<String> lines = Files.readAllLines(data);
    Path original = project.resolve("sample_data/original.csv.bak");
    Files.move(data, original);
    try {
      // tenure becomes text and MonthlyCharges disappears.
      StringBuilder changed = new StringBuilder();
      String[] header = lines.get(0).split(",", -1);
      int tenure = List.of(header).indexOf("tenure");
      int monthly = List.of(header).indexOf("MonthlyCharges");
      for (int i = 0; i < Math.min(lines.size(), 200); i++) {
        String[] cells = lines.get(i).split(",", -1);
        StringBuilder row = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
          if (c == monthly) {
            continue;
          }
          row.append(row.length() == 0 ? "" : ",").append(c == tenure && i > 0 ? "m" + cells[c] : cells[c]);
        }
        changed.append(row).append('\n');
      }
      Files.writeString(data, changed);
      CliRun run = mbt("run", "--select", "churn_serving_v1", "--vars", "run_id=" + trainedRun + ",execution_date=2026-11-04");
      assertThat(run.code()).isEqualTo(1);
      assertThat(run.err()).contains("does not match the training schema").contains("missing columns: MonthlyCharges")
          .contains("tenure: trained on int, found string");
      assertThat(predictions("predictions/churn_scores").filter("execution_date = DATE'2026-11-04'").count()).isZero();
    } finally {
      Files.delete(data);
      Files.move(original, data);
    }
  }

  @Test
  @Order(5)
  void aliasesMoveOnlyThroughRecordedPromotionsAndServingResolvesThemAtCompileTime() throws Exception {
    if (Files.exists(project.resolve("mbt_registry_offline"))) {
      Files.move(project.resolve("mbt_registry_offline"), project.resolve("mbt_registry"));
    }
    CliRun versions = mbt("registry", "versions", "--model", "telecom_churn");
    assertThat(versions.out()).contains("v1").contains(trainedRun);
    CliRun unset = mbt("registry", "rollback", "--model", "telecom_churn", "--alias", "champion", "--reason", "undo");
    assertThat(unset.code()).isEqualTo(1);
    assertThat(unset.err()).contains("no earlier run to roll back to");

    CliRun promote = mbt("registry", "promote", "--model", "telecom_churn", "--alias", "champion", "--run-id", trainedRun,
        "--reason", "AUC 0.85 on holdout", "--actor", "ana");
    assertThat(promote.code()).as(promote.err()).isZero();
    CliRun history = mbt("registry", "history", "--model", "telecom_churn", "--alias", "champion");
    assertThat(history.out()).contains("promote").contains(trainedRun).contains("ana").contains("AUC 0.85 on holdout")
        .contains("current: " + trainedRun);

    String serving = Files.readString(project.resolve("pipelines/churn_serving_v1.yaml"));
    Files.writeString(project.resolve("pipelines/churn_serving_champion.yaml"), serving
        .replace("name: churn_serving_v1", "name: churn_serving_champion")
        .replace("run_id: \"{{ var('run_id', 'latest') }}\"", "alias: champion"));
    CliRun compiled = mbt("compile", "churn_serving_champion");
    assertThat(compiled.code()).as(compiled.out() + compiled.err()).isZero();
    JsonNode load = ManifestJson.mapper().readTree(Files.readString(project.resolve("target/churn_serving_champion/manifest.json")))
        .at("/steps/load_model/config");
    assertThat(load.get("alias").asText()).isEqualTo("champion");
    assertThat(load.get("run_id").asText()).isEqualTo(trainedRun);
  }

  @Test
  @Order(6)
  void aDeltaScoringTableIsPinnedToItsVersionNotCopiedAndAnExecOfPublishRescoresThatVersion() throws Exception {
    if (Files.exists(project.resolve("mbt_registry_offline"))) {
      Files.move(project.resolve("mbt_registry_offline"), project.resolve("mbt_registry"));
    }
    SparkSession spark = SparkSession.active();
    Dataset<Row> csv = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(project.resolve("sample_data/telco_customer_churn.csv").toString());
    String table = project.resolve("sample_data/telco_scoring").toString();
    csv.write().format("delta").save(table);
    Path profiles = project.resolve("profiles.yaml");
    Files.writeString(profiles, Files.readString(profiles).replace("format: csv", "format: auto")); // finds .csv files and Delta directories
    String serving = Files.readString(project.resolve("pipelines/churn_serving_v1.yaml"));
    Files.writeString(project.resolve("pipelines/churn_serving_delta.yaml"), serving
        .replace("name: churn_serving_v1", "name: churn_serving_delta")
        .replace("scoring_table: telco_customer_churn", "scoring_table: telco_scoring")
        .replace("predictions/churn_scores", "predictions/churn_scores_delta"));

    CliRun run = mbt("run", "--select", "churn_serving_delta", "--vars", "run_id=" + trainedRun + ",execution_date=2026-11-05");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    JsonNode results = runResults("churn_serving_delta");
    assertThat(results.at("/steps/load_scoring_data/source_version").asLong()).isZero();
    assertThat(results.at("/steps/publish_predictions/rows_written").asLong()).isEqualTo(7043);
    String runId = results.get("run_id").asText();
    Path runDir = project.resolve("local_artifacts/churn_serving_delta").resolve(runId);
    for (String[] derived : new String[][] {{"load_scoring_data", "scoring_data"}, {"apply_transforms", "features"}, {"predict", "predictions"}}) {
      JsonNode record = ManifestJson.mapper().readTree(Files.readString(runDir.resolve(derived[0]).resolve("step_record.json")));
      assertThat(record.at("/outputs/" + derived[1] + "/kind").asText()).as(derived[0]).isEqualTo("DERIVED_TABLE");
      try (var files = Files.list(runDir.resolve(derived[0]))) {
        assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.contains("step_record"))).as("written by " + derived[0]).isEmpty();
      }
    }
    // The same model on the same rows as the CSV-sourced pipeline: the same probabilities.
    Dataset<Row> fromDelta = predictions("predictions/churn_scores_delta").filter("execution_date = DATE'2026-11-05'");
    Dataset<Row> fromCsv = predictions("predictions/churn_scores").filter("execution_date = DATE'2026-11-01'");
    assertThat(fromDelta.join(fromCsv.select(functions.col("customerID"), functions.col("churn_probability").as("csv_probability")), "customerID")
        .filter("abs(churn_probability - csv_probability) > 1e-9").count()).isZero();

    // New rows land in the source; publishing again (what an orchestrator's retry of one task does)
    // scores the version the run pinned, not the new one.
    csv.limit(10).write().format("delta").mode("append").save(table);
    CliRun exec = mbt("exec", "--pipeline", "churn_serving_delta", "--step", "publish_predictions", "--run-id", runId);
    assertThat(exec.code()).as(exec.out() + exec.err()).isZero();
    assertThat(runResults("churn_serving_delta").at("/steps/publish_predictions/rows_written").asLong()).isEqualTo(7043);
    assertThat(predictions("predictions/churn_scores_delta").filter("execution_date = DATE'2026-11-05'").count()).isEqualTo(7043);
  }

  private static Path latestLog(String pipeline) throws Exception {
    try (var files = Files.list(project.resolve("logs").resolve(pipeline))) {
      return files.max(java.util.Comparator.comparing(p -> p.toFile().lastModified())).orElseThrow();
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path out = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(out);
        } else {
          Files.copy(p, out);
        }
      }
    }
  }

  private static void rewriteRunId(Path runJson, String from, String to) throws Exception {
    Files.writeString(runJson, Files.readString(runJson).replace("\"" + from + "\"", "\"" + to + "\""));
    Path crc = runJson.resolveSibling(".run.json.crc");
    Files.deleteIfExists(crc);
  }
}
