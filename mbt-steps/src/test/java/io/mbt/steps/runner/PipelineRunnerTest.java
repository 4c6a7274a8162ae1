package io.mbt.steps.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestStep;
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

class PipelineRunnerTest {
  @TempDir Path project;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private static final LocalDate DATE = LocalDate.of(2026, 1, 1);

  private Manifest manifest(boolean sourceIdempotent) {
    return manifest(sourceIdempotent, "none");
  }

  private Manifest manifest(boolean sourceIdempotent, String password) {
    Map<String, ManifestStep> steps = new LinkedHashMap<>();
    steps.put("source", TestManifests.step(TestSteps.Source.class, List.of(), List.of("data"), sourceIdempotent, Map.of()));
    steps.put("double", TestManifests.step(TestSteps.Double.class, List.of("source.data"), List.of("data", "stats"), true,
        Map.of("password", password)));
    steps.put("flaky", TestManifests.step(TestSteps.Flaky.class, List.of("double.data"), List.of("total"), false, Map.of()));
    return TestManifests.of("demo", project.resolve("artifacts"), steps);
  }

  private PipelineRunner runner() {
    return new PipelineRunner(SharedSpark.session(), project, project.resolve("target/demo"), new PrintStream(console, true), Clock.systemUTC());
  }

  private static String runId(String name) {
    return "run_" + name + "_" + System.nanoTime();
  }

  @Test
  void runsEveryStepAndWritesRunResults() throws Exception {
    String id = runId("all");
    RunResults results = runner().run(manifest(false), RunRequest.run(id, DATE));
    assertThat(results.status()).isEqualTo("success");
    assertThat(results.steps()).containsOnlyKeys("source", "double", "flaky");
    assertThat(results.steps().get("flaky").details()).containsEntry("total", 90L);
    assertThat(results.steps().get("double").inputDigests()).containsKey("source.data");
    assertThat(results.steps().get("double").configDigest()).hasValueSatisfying(d -> assertThat(d).startsWith("sha256:"));
    String json = Files.readString(project.resolve("target/demo/run_results.json"));
    assertThat(json).contains("\"status\" : \"success\"").contains("\"total\" : 90");
    assertThat(console.toString()).contains("3/3 flaky").contains("Completed demo");
    assertThat(Files.readString(project.resolve("logs/demo/" + id + ".jsonl"))).contains("\"event\":\"step_completed\"").contains("\"run_id\":\"" + id + "\"");
  }

  @Test
  void aFailedStepIsResumedByRetryWithoutRerunningCompletedSteps() {
    String id = runId("retry");
    TestSteps.FAIL.put(id, true);
    assertThatThrownBy(() -> runner().run(manifest(false), RunRequest.run(id, DATE)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("step flaky failed: flaky failed on purpose")
        .satisfies(e -> assertThat(((RunFailedException) e).results().steps().get("flaky").status()).isEqualTo("failed"));
    TestSteps.FAIL.put(id, false);
    RunResults retried = runner().run(manifest(false), RunRequest.retry(id, DATE, false));
    assertThat(retried.status()).isEqualTo("success");
    assertThat(TestSteps.executions(id, "source")).isEqualTo(1);
    assertThat(TestSteps.executions(id, "double")).isEqualTo(1);
    assertThat(TestSteps.executions(id, "flaky")).isEqualTo(2);
    assertThat(retried.steps().get("source").status()).isEqualTo("skipped");
  }

  private Manifest fitManifest() {
    Map<String, ManifestStep> steps = new LinkedHashMap<>();
    steps.put("source", TestManifests.step(TestSteps.Source.class, List.of(), List.of("data"), true, Map.of()));
    steps.put("fit", TestManifests.step(TestSteps.Fit.class, List.of("source.data"), List.of("model", "tripled"), true, Map.of()));
    steps.put("flaky", TestManifests.step(TestSteps.Flaky.class, List.of("fit.tripled"), List.of("total"), false, Map.of()));
    return TestManifests.of("demo", project.resolve("artifacts"), steps);
  }

  @Test
  void fittedTransformsAreWrittenBehindTheirStepWhoseRecordIsCommittedOnlyAfterThem() throws Exception {
    String id = runId("behind");
    RunResults results = runner().run(fitManifest(), RunRequest.run(id, DATE));
    assertThat(results.status()).isEqualTo("success");
    assertThat(results.steps().get("flaky").details()).containsEntry("total", 135L);
    Path step = project.resolve("artifacts/demo/" + id + "/fit");
    Path metadata = step.resolve("model/metadata/part-00000");
    assertThat(metadata).exists();
    assertThat(Files.getLastModifiedTime(step.resolve(StepRecord.FILE))).isGreaterThanOrEqualTo(Files.getLastModifiedTime(metadata));
    assertThat(Files.readString(step.resolve(StepRecord.FILE))).contains("\"digest\" : \"fit:");
    List<String> completed = Files.readAllLines(project.resolve("logs/demo/" + id + ".jsonl")).stream()
        .filter(l -> l.contains("\"event\":\"step_completed\"")).map(l -> l.replaceAll(".*\"step\":\"([^\"]+)\".*", "$1")).toList();
    assertThat(completed).containsExactly("source", "fit", "flaky");
    // exec of the next step in a fresh runner (another process, for an orchestrator) loads the written model
    runner().run(fitManifest(), RunRequest.exec(id, DATE, "flaky"));
    assertThat(TestSteps.executions(id, "flaky")).isEqualTo(2);
  }

  @Test
  void aModelThatCannotBeWrittenFailsItsOwnStepAndRetryRerunsItAndWhatFollows() throws Exception {
    String id = runId("unwritable");
    TestSteps.UNWRITABLE.put(id, true);
    assertThatThrownBy(() -> runner().run(fitManifest(), RunRequest.run(id, DATE)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("step fit failed")
        .hasMessageContaining("does not implement Writable")
        .satisfies(e -> {
          RunResults failed = ((RunFailedException) e).results();
          assertThat(failed.steps().get("fit").status()).isEqualTo("failed");
          assertThat(failed.steps().get("flaky").status()).isEqualTo("pending");
          assertThat(failed.steps().get("source").status()).isEqualTo("success");
        });
    Path run = project.resolve("artifacts/demo/" + id);
    assertThat(run.resolve("fit/" + StepRecord.FILE)).doesNotExist();
    assertThat(run.resolve("flaky/" + StepRecord.FILE)).doesNotExist();
    TestSteps.UNWRITABLE.put(id, false);
    int flakyBefore = TestSteps.executions(id, "flaky"); // 0 or 1: it may have run while fit's write was failing
    RunResults retried = runner().run(fitManifest(), RunRequest.retry(id, DATE, false));
    assertThat(retried.status()).isEqualTo("success");
    assertThat(TestSteps.executions(id, "source")).isEqualTo(1);
    assertThat(TestSteps.executions(id, "fit")).isEqualTo(2);
    assertThat(TestSteps.executions(id, "flaky")).isEqualTo(flakyBefore + 1);
    assertThat(retried.steps().get("flaky").details()).containsEntry("total", 135L);
  }

  @Test
  void forceRerunsEverything() {
    String id = runId("force");
    runner().run(manifest(false), RunRequest.run(id, DATE));
    runner().run(manifest(false), RunRequest.retry(id, DATE, true));
    assertThat(TestSteps.executions(id, "source")).isEqualTo(2);
    assertThat(TestSteps.executions(id, "flaky")).isEqualTo(2);
  }

  @Test
  void aNewRunRefusesARunIdThatAlreadyHasSteps() {
    String id = runId("dup");
    runner().run(manifest(false), RunRequest.run(id, DATE));
    assertThatThrownBy(() -> runner().run(manifest(false), RunRequest.run(id, DATE)))
        .hasMessageContaining("already has completed steps")
        .satisfies(e -> assertThat(((io.mbt.steps.api.StepFailedException) e).hint()).contains("mbt retry demo"));
  }

  @Test
  void execRunsOneStepFromStoredInputs() {
    String id = runId("exec");
    runner().run(manifest(false), RunRequest.exec(id, DATE, "source"));
    runner().run(manifest(false), RunRequest.exec(id, DATE, "double"));
    RunResults last = runner().run(manifest(false), RunRequest.exec(id, DATE, "flaky"));
    assertThat(last.steps().get("flaky").details()).containsEntry("total", 90L);
    assertThat(TestSteps.executions(id, "source")).isEqualTo(1);
  }

  @Test
  void execWithoutItsInputsSaysWhichStepToRunFirst() {
    String id = runId("noinput");
    assertThatThrownBy(() -> runner().run(manifest(false), RunRequest.exec(id, DATE, "double")))
        .hasMessageContaining("input source.data of step double does not exist").hasMessageContaining("run step 'source' first");
  }

  @Test
  void tableViewsAreReadThroughTheirRecipesAcrossSteps() {
    Map<String, ManifestStep> steps = new LinkedHashMap<>();
    steps.put("source", TestManifests.step(TestSteps.Source.class, List.of(), List.of("data"), false, Map.of()));
    steps.put("double", TestManifests.step(TestSteps.Double.class, List.of("source.data"), List.of("data", "stats"), true, Map.of()));
    steps.put("views", TestManifests.step(TestSteps.Views.class, List.of("double.data"), List.of("evens", "same"), true, Map.of()));
    steps.put("flaky", TestManifests.step(TestSteps.Flaky.class, List.of("views.evens"), List.of("total"), false, Map.of()));
    String id = runId("views");
    RunResults results = runner().run(TestManifests.of("demo", project.resolve("artifacts"), steps), RunRequest.run(id, DATE));
    // doubled 0..9 = 0,2,...,18; multiples of 4: 0+4+8+12+16
    assertThat(results.steps().get("flaky").details()).containsEntry("total", 40L);
    assertThat(runner().store(manifest(false)).exists(id, "views", "evens")).as("a view writes nothing").isFalse();
    RunResults retried = runner().run(TestManifests.of("demo", project.resolve("artifacts"), steps), RunRequest.retry(id, DATE, false));
    assertThat(retried.status()).isEqualTo("success");
    assertThat(TestSteps.executions(id, "views")).as("a completed view step is reused").isEqualTo(1);
  }

  @Test
  void derivedTablesAreRebuiltByTheirStepOncePerProcessThatReadsThemAndWriteNothing() throws Exception {
    Map<String, ManifestStep> steps = new LinkedHashMap<>();
    steps.put("source", TestManifests.step(TestSteps.Source.class, List.of(), List.of("data"), false, Map.of()));
    steps.put("derived", TestManifests.step(TestSteps.Derived.class, List.of("source.data"), List.of("data"), true, Map.of("factor", 3)));
    steps.put("flaky", TestManifests.step(TestSteps.Flaky.class, List.of("derived.data"), List.of("total"), false, Map.of()));
    Manifest manifest = TestManifests.of("demo", project.resolve("artifacts"), steps);
    String id = runId("derived");

    RunResults results = runner().run(manifest, RunRequest.run(id, DATE));
    assertThat(results.steps().get("flaky").details()).containsEntry("total", 135L); // 3 * (0 + ... + 9)
    assertThat(runner().store(manifest).exists(id, "derived", "data")).as("a derived table writes nothing").isFalse();
    assertThat(results.steps().get("flaky").inputDigests().get("derived.data")).startsWith("derived:");
    int derivedInRun = TestSteps.DERIVATIONS.get(id).get();

    // A fresh runner (as `mbt exec` in another process) rebuilds it from the stored source and the recorded factor.
    RunResults exec = runner().run(manifest, RunRequest.exec(id, DATE, "flaky"));
    assertThat(exec.steps().get("flaky").details()).containsEntry("total", 135L);
    assertThat(TestSteps.executions(id, "derived")).as("the producing step did not run again").isEqualTo(1);
    assertThat(TestSteps.DERIVATIONS.get(id).get()).isEqualTo(derivedInRun + 1);
  }

  @Test
  void aStepDeclaringDerivedTablesMustBeAbleToDeriveThem() {
    Map<String, ManifestStep> steps = new LinkedHashMap<>();
    steps.put("source", TestManifests.step(TestSteps.Source.class, List.of(), List.of("data"), false, Map.of()));
    steps.put("bad", TestManifests.step(TestSteps.NotDeriving.class, List.of("source.data"), List.of("data"), true, Map.of()));
    assertThatThrownBy(() -> runner().run(TestManifests.of("demo", project.resolve("artifacts"), steps), RunRequest.run(runId("notderiving"), DATE)))
        .hasMessageContaining("declares derived tables but does not implement io.mbt.steps.api.DerivingStep");
  }

  @Test
  void aStepThatForgetsAnOutputFails() {
    Map<String, ManifestStep> steps = new LinkedHashMap<>();
    steps.put("forgetful", TestManifests.step(TestSteps.Forgetful.class, List.of(), List.of("thing"), true, Map.of()));
    assertThatThrownBy(() -> runner().run(TestManifests.of("demo", project.resolve("artifacts"), steps), RunRequest.run(runId("forget"), DATE)))
        .hasMessageContaining("finished without writing its outputs [thing]");
  }

  @Test
  void secretsAreResolvedForTheStepButNeverWrittenToResultsOrLogs() throws Exception {
    String id = runId("secret");
    String value = System.getenv("PATH"); // the env provider maps secret('path') to $PATH
    runner().run(manifest(false, "secret:path"), RunRequest.run(id, DATE));
    assertThat(runner().store(manifest(false)).readJson(id, "double", "stats", Map.class)).containsEntry("secret_value", value);
    assertThat(Files.readString(project.resolve("target/demo/run_results.json"))).doesNotContain(value);
    assertThat(Files.readString(project.resolve("logs/demo/" + id + ".jsonl"))).doesNotContain(value);
  }

  @Test
  void aMissingSecretFailsNamingTheVariableNotAValue() {
    assertThatThrownBy(() -> runner().run(manifest(false, "secret:mbt/no_such_secret"), RunRequest.run(runId("nosecret"), DATE)))
        .hasMessageContaining("secret 'mbt/no_such_secret' is not set: export MBT_NO_SUCH_SECRET");
  }
}
