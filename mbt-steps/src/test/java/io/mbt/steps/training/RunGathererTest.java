package io.mbt.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.model.FeatureTable;
import io.mbt.compiler.model.JoinType;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.framework.builtin.LogisticRegressionTrainer;
import io.mbt.steps.registry.LocalModelRegistry;
import io.mbt.steps.registry.RegisteredRun;
import io.mbt.steps.registry.RunToLog;
import io.mbt.steps.runner.FinishedRun;
import io.mbt.steps.testing.StepHarness;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Transformer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training pipeline run for real (load_data from a pinned Delta source, so its raw_data is a
 * derived table; split, encode, normalize, train, evaluate through the runner), then gathered
 * outside any step ({@link FinishedRun}) and by {@code log_run}: both must log the same run.
 */
class RunGathererTest {
  private static final String RUN = "run_20260201_000000_gath";
  private static final Instant AT = Instant.parse("2026-02-01T12:00:00Z");
  /** log_run's inputs as the planner lists them. */
  private static final List<String> LOG_RUN_INPUTS = List.of("train_model.model", "train_model.train_metrics", "evaluate.eval_metrics",
      "evaluate.plots", "split_data.label_info", "split_data.train_set", "encode.fitted", "normalize.fitted");
  @TempDir static Path dir;
  private static StepHarness h;
  /** The pipeline as it ran, without log_run: what the Model Factory trains. */
  private static Manifest trained;

  @BeforeAll
  static void trainThePipeline() {
    h = StepHarness.in(dir);
    EvaluateStepFixture.churn(h.spark(), 400, 7).drop(LabelInfo.INDEX_COLUMN).write().format("delta").save(dir.resolve("data/churn").toString());
    h.step("load_data", LoadDataStep.class)
        .config("tables", List.of(new FeatureTable("churn", List.of("id"), JoinType.LEFT, false, List.of())))
        .config("label_table", "churn").config("connector", AdapterRef.of("local_file", Map.of("data_path", "./data")))
        .config("columns", List.of()).config("column_types", Map.of())
        .outputs("raw_data").run(RUN);
    h.step("split_data", SplitDataStep.class)
        .config("method", "stratified").config("test_size", 0.25).config("seed", 7).config("label_column", "churn")
        .config("problem_type", ProblemType.BINARY_CLASSIFICATION).config("schema", EvaluateStepFixture.SCHEMA)
        .inputs("load_data.raw_data").outputs("train_set", "test_set", "label_info").run(RUN);
    Map<String, Object> encoding = new LinkedHashMap<>();
    encoding.put("method", "one_hot");
    encoding.put("columns", List.of());
    encoding.put("handle_unknown", "keep");
    encoding.put("categorical_columns", List.of("plan"));
    encoding.put("schema", EvaluateStepFixture.SCHEMA);
    h.step("encode", EncodeStep.class).config(encoding).inputs("split_data.train_set", "split_data.test_set")
        .outputs("train_set", "test_set", "fitted").run(RUN);
    h.step("normalize", NormalizeStep.class).config("method", "standard_scaler").config("columns", List.of())
        .config("schema", EvaluateStepFixture.SCHEMA).inputs("encode.train_set", "encode.test_set")
        .outputs("train_set", "test_set", "fitted").run(RUN);
    h.step("train_model", LogisticRegressionTrainer.class)
        .config("framework", "mllib_logistic_regression").config("params", Map.of("max_iter", 20))
        .config("problem_type", ProblemType.BINARY_CLASSIFICATION).config("schema", EvaluateStepFixture.SCHEMA).config("primary_metric", "roc_auc")
        .inputs("normalize.train_set", "split_data.label_info", "encode.fitted", "normalize.fitted").outputs("model", "train_metrics").run(RUN);
    h.step("evaluate", EvaluateStep.class).config(EvaluateStepFixture.evaluateConfig("roc_auc", List.of("accuracy"), true, List.of(), 0.5))
        .inputs("train_model.model", "normalize.test_set", "split_data.label_info").outputs("eval_metrics", "plots", "predictions").run(RUN);
    trained = h.manifestOfRun(RUN);
  }

  @Test
  void theInputsOfAManifestWithoutLogRunAreThePlannersList() {
    assertThat(trained.steps()).doesNotContainKey("log_run");
    assertThat(RunGatherer.inputs(trained)).containsExactlyElementsOf(LOG_RUN_INPUTS);
  }

  @Test
  void aFinishedRunGathersWhatLogRunLogs() {
    RunToLog gathered;
    try (FinishedRun run = FinishedRun.open(h.spark(), h.projectDir(), trained, RUN, StepHarness.DEFAULT_EXECUTION_DATE)) {
      assertThat(run.completedSteps()).containsExactlyInAnyOrder("load_data", "split_data", "encode", "normalize", "train_model", "evaluate");
      assertThat(run.has("split_data.train_set")).isTrue();
      assertThat(run.has("log_run.registry_run")).isFalse();
      gathered = RunGatherer.gather(run, AT);
    }

    // log_run, run by the runner on the same run.
    h.step("log_run", LogRunStep.class)
        .config("registry", Map.of("type", "local", "config", Map.of("path", "./mbt_registry")))
        .config("experiment_name", "harness").config("pipeline_name", StepHarness.PIPELINE).config("tags", List.of())
        .inputs(LOG_RUN_INPUTS.toArray(String[]::new)).outputs("registry_run").run(RUN);
    RegisteredRun logged = LocalModelRegistry.at(dir.resolve("mbt_registry").toUri().toString(), h.spark().sparkContext().hadoopConfiguration())
        .loadRun(RUN);

    assertThat(gathered.pipeline()).isEqualTo(logged.pipeline()).isEqualTo(StepHarness.PIPELINE);
    assertThat(gathered.mbtRunId()).isEqualTo(logged.mbtRunId()).isEqualTo(RUN);
    assertThat(gathered.experiment()).isEqualTo(logged.experiment()).contains("harness");
    assertThat(gathered.tags()).isEqualTo(logged.tags());
    assertThat(gathered.params()).isEqualTo(logged.params()).containsEntry("framework", "mllib_logistic_regression");
    assertThat(gathered.metrics()).isEqualTo(logged.metrics()).containsKeys("roc_auc", "accuracy");
    assertThat(gathered.label()).isEqualTo(logged.label());
    assertThat(gathered.trainingSchema()).isEqualTo(logged.trainingSchema());
    assertThat(gathered.trainingSchema().fieldNames()).contains("id", "x1", "x2", "plan", "note", "churn");
    assertThat(stageTypes(gathered.transforms().stages())).isEqualTo(stageTypes(logged.loadTransforms().stages())).isNotEmpty();
    assertThat(gathered.modelUri()).isEqualTo(h.store().uri(RUN, "train_model", "model"));
    assertThat(gathered.plotsUri()).contains(h.store().uri(RUN, "evaluate", "plots"));
    assertThat(gathered.createdAt()).isEqualTo(AT);

    // With log_run in the manifest, its declared inputs are what is gathered.
    assertThat(RunGatherer.inputs(h.manifestOfRun(RUN))).containsExactlyElementsOf(LOG_RUN_INPUTS);
  }

  @Test
  void aStepThatDidNotCompleteIsNamedWithHowToProduceIt() {
    try (FinishedRun run = FinishedRun.open(h.spark(), h.projectDir(), trained, RUN, StepHarness.DEFAULT_EXECUTION_DATE)) {
      assertThatThrownBy(() -> run.table("select_features.train_set"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("step select_features did not complete in run " + RUN + " of harness_pipeline (completed: [load_data, split_data, encode,"
              + " normalize, train_model, evaluate]), so select_features.train_set cannot be read; resume the run (mbt retry) first");
      assertThatThrownBy(() -> run.inputUri("evaluate.leaderboard"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("step evaluate of run " + RUN + " wrote no output 'leaderboard'; its outputs: [eval_metrics, plots, predictions]");
      assertThatThrownBy(() -> run.json("evaluate", Map.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a run output is named step.artifact, but was: 'evaluate'");
    }
  }

  @Test
  void aRunWithNoCompletedStepCannotBeOpened() {
    assertThatThrownBy(() -> FinishedRun.open(h.spark(), h.projectDir(), trained, "run_never", StepHarness.DEFAULT_EXECUTION_DATE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("run run_never of pipeline harness_pipeline has no completed step in " + h.artifactRoot()
            + "; check the run id and the target's storage, or run the pipeline first");
  }

  @Test
  void aManifestWithoutTrainModelHasNoRunToGather() {
    Manifest scoring = new Manifest(trained.metadata(), trained.profile(), Map.of("load_data", trained.steps().get("load_data")),
        new Manifest.DagSpec(Map.of("load_data", List.of()), List.of(List.of("load_data"))));
    assertThatThrownBy(() -> RunGatherer.inputs(scoring))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline harness_pipeline has no train_model step, so it has no training run to gather; gather runs of training pipelines"
            + " only (steps: load_data)");
  }

  private static List<String> stageTypes(Transformer[] stages) {
    return Arrays.stream(stages).map(s -> s.getClass().getName()).toList();
  }
}
