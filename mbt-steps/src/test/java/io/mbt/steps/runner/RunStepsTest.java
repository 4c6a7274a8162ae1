package io.mbt.steps.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs of named steps (the Model Factory's TRAIN, then EVAL under the same run id) and where a caller puts a run's files. */
class RunStepsTest {
  @TempDir Path project;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private static final LocalDate DATE = LocalDate.of(2026, 1, 1);

  /** source -> double -> evaluate (reads double.data), a training pipeline in miniature. */
  private Manifest manifest() {
    Map<String, ManifestStep> steps = new LinkedHashMap<>();
    steps.put("source", TestManifests.step(TestSteps.Source.class, List.of(), List.of("data"), false, Map.of()));
    steps.put("double", TestManifests.step(TestSteps.Double.class, List.of("source.data"), List.of("data", "stats"), true, Map.of()));
    steps.put("evaluate", TestManifests.step(TestSteps.Flaky.class, List.of("double.data"), List.of("total"), true, Map.of()));
    return TestManifests.of("demo", project.resolve("artifacts"), steps);
  }

  private PipelineRunner runner() {
    return new PipelineRunner(SharedSpark.session(), project, project.resolve("target/demo"), new PrintStream(console, true), Clock.systemUTC());
  }

  private static String runId(String name) {
    return "mf_" + name + "_" + System.nanoTime() + "_a1";
  }

  @Test
  void trainThenEvaluateUnderOneRunIdEachReportingOnlyItsOwnSteps() {
    String id = runId("train");
    RunResults train = runner().run(manifest(), RunRequest.steps(id, DATE, List.of("source", "double"), false));

    assertThat(train.status()).isEqualTo(RunResults.SUCCESS);
    assertThat(train.steps().get("source").status()).isEqualTo(RunResults.SUCCESS);
    assertThat(train.steps().get("double").status()).isEqualTo(RunResults.SUCCESS);
    assertThat(train.steps().get("evaluate").status()).isEqualTo(RunResults.NOT_SELECTED);
    assertThat(train.steps().get("evaluate").outputs()).isEmpty();
    assertThat(TestSteps.executions(id, "evaluate")).isZero();

    RunResults eval = runner().run(manifest(), RunRequest.steps(id, DATE, List.of("evaluate"), false));

    assertThat(eval.status()).isEqualTo(RunResults.SUCCESS);
    assertThat(eval.steps().get("evaluate").status()).isEqualTo(RunResults.SUCCESS);
    assertThat(eval.steps().get("evaluate").details()).containsEntry("total", 90L);
    assertThat(eval.steps().get("double").status()).as("not run again, not pretending to").isEqualTo(RunResults.NOT_SELECTED);
    assertThat(eval.steps().get("double").outputs()).as("but where its outputs are").containsKey("data");
    assertThat(eval.startedAt()).isEqualTo(train.startedAt());
    assertThat(TestSteps.executions(id, "source")).isEqualTo(1);
    assertThat(TestSteps.executions(id, "double")).isEqualTo(1);
  }

  @Test
  void namedStepsCompletedEarlierAreReusedUnlessForced() {
    String id = runId("again");
    runner().run(manifest(), RunRequest.steps(id, DATE, List.of("source", "double"), false));

    RunResults again = runner().run(manifest(), RunRequest.steps(id, DATE, List.of("double", "source"), false));
    assertThat(again.steps().get("source").status()).isEqualTo(RunResults.SKIPPED);
    assertThat(again.steps().get("double").status()).isEqualTo(RunResults.SKIPPED);
    assertThat(TestSteps.executions(id, "double")).isEqualTo(1);

    runner().run(manifest(), RunRequest.steps(id, DATE, List.of("double"), true));
    assertThat(TestSteps.executions(id, "double")).isEqualTo(2);
    assertThat(TestSteps.executions(id, "source")).isEqualTo(1);
  }

  @Test
  void refusesANamedStepWhoseInputIsNeitherNamedNorCompleted() {
    String id = runId("noinput");
    assertThatThrownBy(() -> runner().run(manifest(), RunRequest.steps(id, DATE, List.of("double", "evaluate"), false)))
        .isInstanceOfSatisfying(StepFailedException.class, e -> assertThat(e.hint()).isEqualTo("select step source too, or run it in run " + id
            + " first"))
        .hasMessage("step double reads source.data, but step source is neither selected nor completed in run " + id);
    assertThat(TestSteps.executions(id, "double")).as("nothing ran").isZero();
    assertThat(project.resolve("target/demo/run_results.json")).doesNotExist();
  }

  @Test
  void anInputRebuiltOnReadNeedsTheStepsItIsRebuiltFromCompletedToo() throws Exception {
    Map<String, ManifestStep> steps = new LinkedHashMap<>();
    steps.put("source", TestManifests.step(TestSteps.Source.class, List.of(), List.of("data"), false, Map.of()));
    steps.put("derived", TestManifests.step(TestSteps.Derived.class, List.of("source.data"), List.of("data"), true, Map.of("factor", 3)));
    steps.put("evaluate", TestManifests.step(TestSteps.Flaky.class, List.of("derived.data"), List.of("total"), true, Map.of()));
    Manifest manifest = TestManifests.of("demo", project.resolve("artifacts"), steps);
    String id = runId("derived");
    runner().run(manifest, RunRequest.steps(id, DATE, List.of("source", "derived"), false));
    Files.delete(project.resolve("artifacts/demo/" + id + "/source/" + StepRecord.FILE));

    assertThatThrownBy(() -> runner().run(manifest, RunRequest.steps(id, DATE, List.of("evaluate"), false)))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("step evaluate reads derived.data (rebuilt on read through step derived), but step source is neither selected nor"
            + " completed in run " + id);
  }

  @Test
  void refusesAStepThePipelineDoesNotHave() {
    assertThatThrownBy(() -> runner().run(manifest(), RunRequest.steps(runId("unknown"), DATE, List.of("source", "train"), false)))
        .isInstanceOfSatisfying(StepFailedException.class, e -> assertThat(e.hint()).isEqualTo("steps: source, double, evaluate"))
        .hasMessage("pipeline demo has no step 'train'");
  }

  @Test
  void theCallerPutsAnAttemptsArtifactsAndResultsUnderItsOwnRoot() throws Exception {
    String id = runId("placed");
    Path attempt = project.resolve("mf/runs/" + id + "/attempt-1");
    RunOptions options = RunOptions.defaults().withArtifactRoot(attempt.toString()).withResultsFile(attempt.resolve(RunResults.FILE));

    RunResults train = runner().run(manifest(), RunRequest.steps(id, DATE, List.of("source", "double"), false), options);
    RunResults eval = runner().run(manifest(), RunRequest.steps(id, DATE, List.of("evaluate"), false), options);

    assertThat(eval.status()).isEqualTo(RunResults.SUCCESS);
    assertThat(train.artifactRoot()).as("a local path, qualified").isEqualTo("file:" + attempt);
    assertThat(eval.steps().get("evaluate").outputs().get("total")).startsWith(train.artifactRoot() + "/" + id + "/evaluate/");
    assertThat(attempt.resolve(id + "/double/" + StepRecord.FILE)).exists();
    assertThat(Files.readString(attempt.resolve(RunResults.FILE))).contains("\"status\" : \"success\"").contains("\"total\" : 90");
    assertThat(project.resolve("artifacts/demo/" + id)).as("nothing under the profile's storage").doesNotExist();
    assertThat(project.resolve("target/demo/run_results.json")).as("nor in the runner's results directory").doesNotExist();
    assertThat(runner().store(manifest(), options).exists(id, "evaluate", "total")).isTrue();
    assertThat(console.toString()).contains("Completed demo").contains("-> mf/runs/" + id + "/attempt-1/run_results.json");
  }
}
