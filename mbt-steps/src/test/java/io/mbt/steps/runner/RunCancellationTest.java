package io.mbt.steps.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.steps.api.StepListener;
import io.mbt.steps.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCancellationTest {
  @TempDir Path project;
  private static final LocalDate DATE = LocalDate.of(2026, 1, 1);
  private final List<String> outcomes = new CopyOnWriteArrayList<>();
  private final Map<String, CountDownLatch> stepStarted = new java.util.concurrent.ConcurrentHashMap<>();

  private Manifest manifest(Class<?> middle, Map<String, Object> middleConfig) {
    Map<String, ManifestStep> steps = new LinkedHashMap<>();
    steps.put("source", TestManifests.step(TestSteps.Source.class, List.of(), List.of("data"), true, Map.of()));
    steps.put("middle", TestManifests.step(middle, List.of("source.data"), List.of("done"), true, middleConfig));
    steps.put("flaky", TestManifests.step(TestSteps.Flaky.class, List.of("source.data"), List.of("total"), true, Map.of()));
    return TestManifests.of("demo", project.resolve("artifacts"), steps);
  }

  private PipelineRunner runner() {
    return new PipelineRunner(SharedSpark.session(), project, project.resolve("target/demo"), new PrintStream(new ByteArrayOutputStream(), true),
        Clock.systemUTC()).withListener(new StepListener() {
          @Override
          public void onStepStart(String pipeline, String step, String runId) {
            stepStarted.computeIfAbsent(runId + "/" + step, k -> new CountDownLatch(1)).countDown();
          }

          @Override
          public void onPipelineComplete(String pipeline, String runId, String status, Duration duration) {
            outcomes.add(status);
          }
        });
  }

  private static String runId(String name) {
    return "run_" + name + "_" + System.nanoTime();
  }

  /** Starts the run on a thread of its own, as the Model Factory does while it holds the handle. */
  private FutureTask<RunResults> start(Manifest manifest, RunRequest request, RunCancellation handle) {
    FutureTask<RunResults> run = new FutureTask<>(() -> runner().run(manifest, request, RunOptions.defaults().withCancellation(handle)));
    new Thread(run, "test-run-" + request.runId()).start();
    return run;
  }

  private static RunCancelledException cancelledBy(FutureTask<RunResults> run) throws Exception {
    try {
      run.get(3, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(RunCancelledException.class);
      return (RunCancelledException) e.getCause();
    }
    throw new AssertionError("the run was not cancelled");
  }

  @Test
  void cancellingDuringASlowSparkJobStopsItKeepsCommittedStepsAndARetryRunsTheRest() throws Exception {
    String id = runId("slow");
    CountDownLatch started = new CountDownLatch(1);
    TestSteps.JOB_STARTED.put(id, started);
    RunCancellation handle = new RunCancellation();
    FutureTask<RunResults> run = start(manifest(TestSteps.Slow.class, Map.of()), RunRequest.run(id, DATE), handle);

    assertThat(started.await(3, TimeUnit.MINUTES)).as("the slow step's job started").isTrue();
    handle.cancel("operator asked");
    RunCancelledException e = cancelledBy(run);

    assertThat(e).isInstanceOf(RunFailedException.class)
        .hasMessage("run " + id + " of demo was cancelled at step middle: operator asked");
    assertThat(e.step()).isEqualTo("middle");
    assertThat(e.reason()).isEqualTo("operator asked");
    assertThat(e.hint()).isEqualTo("resume it with the same run id (mbt retry) to run step middle and the rest");
    RunResults results = e.results();
    assertThat(results.status()).isEqualTo(RunResults.CANCELLED);
    assertThat(results.error()).hasValue("cancelled at step middle: operator asked");
    assertThat(results.steps().get("source").status()).isEqualTo(RunResults.SUCCESS);
    assertThat(results.steps().get("middle").status()).isEqualTo(RunResults.PENDING);
    assertThat(results.steps().get("flaky").status()).isEqualTo(RunResults.PENDING);
    assertThat(Files.readString(project.resolve("target/demo/run_results.json"))).contains("\"status\" : \"cancelled\"");
    assertThat(project.resolve("artifacts/demo/" + id + "/source/" + StepRecord.FILE)).exists();
    assertThat(project.resolve("artifacts/demo/" + id + "/middle/" + StepRecord.FILE)).doesNotExist();
    assertThat(outcomes).containsExactly(RunResults.CANCELLED);

    TestSteps.JOB_STARTED.remove(id);
    RunResults retried = runner().run(manifest(TestSteps.Slow.class, Map.of()), RunRequest.retry(id, DATE, false));
    assertThat(retried.status()).isEqualTo(RunResults.SUCCESS);
    assertThat(TestSteps.executions(id, "source")).isEqualTo(1);
    assertThat(TestSteps.executions(id, "middle")).isEqualTo(2);
    assertThat(TestSteps.executions(id, "flaky")).isEqualTo(1);
  }

  @Test
  void aJobTheStepStartsAfterTheCancelIsCancelledToo() throws Exception {
    String id = runId("late");
    TestSteps.JOB_STARTED.put(id, new CountDownLatch(1));
    CountDownLatch cancelled = new CountDownLatch(1);
    TestSteps.CANCELLED.put(id, cancelled);
    RunCancellation handle = new RunCancellation();
    FutureTask<RunResults> run = start(manifest(TestSteps.Slow.class, Map.of("wait_for_cancel", true)), RunRequest.run(id, DATE), handle);

    assertThat(stepStarted.computeIfAbsent(id + "/middle", k -> new CountDownLatch(1)).await(3, TimeUnit.MINUTES)).isTrue();
    handle.cancel("operator asked");
    cancelled.countDown(); // the step now starts its job, which would block for two minutes

    RunCancelledException e = cancelledBy(run);
    assertThat(e.step()).isEqualTo("middle");
    assertThat(e.results().steps().get("middle").status()).isEqualTo(RunResults.PENDING);
  }

  @Test
  void aStepThatCompletesDespiteTheCancelIsCommittedAndTheRunStopsBeforeTheNext() {
    String id = runId("between");
    RunCancellation handle = new RunCancellation();
    TestSteps.HANDLES.put(id, handle);

    assertThatThrownBy(() -> runner().run(manifest(TestSteps.CancelsItsRun.class, Map.of()), RunRequest.run(id, DATE),
        RunOptions.defaults().withCancellation(handle)))
        .isInstanceOfSatisfying(RunCancelledException.class, e -> {
          assertThat(e.step()).isEqualTo("flaky");
          assertThat(e.results().steps().get("middle").status()).isEqualTo(RunResults.SUCCESS);
          assertThat(e.results().steps().get("flaky").status()).isEqualTo(RunResults.PENDING);
        })
        .hasMessage("run " + id + " of demo was cancelled at step flaky: enough for today");
    assertThat(project.resolve("artifacts/demo/" + id + "/middle/" + StepRecord.FILE)).exists();
    assertThat(TestSteps.executions(id, "flaky")).isZero();
  }

  @Test
  void aRunGivenACancelledHandleStopsBeforeItsFirstStep() {
    String id = runId("early");
    RunCancellation handle = new RunCancellation();
    handle.cancel("not today");

    assertThatThrownBy(() -> runner().run(manifest(TestSteps.Slow.class, Map.of()), RunRequest.run(id, DATE),
        RunOptions.defaults().withCancellation(handle)))
        .isInstanceOfSatisfying(RunCancelledException.class, e -> assertThat(e.results().steps().values())
            .allSatisfy(s -> assertThat(s.status()).isEqualTo(RunResults.PENDING)))
        .hasMessage("run " + id + " of demo was cancelled at step source: not today");
    assertThat(TestSteps.executions(id, "source")).isZero();
  }

  @Test
  void aHandleKeepsTheFirstReasonAndRefusesABlankOne() {
    RunCancellation handle = new RunCancellation();
    assertThat(handle.isCancelled()).isFalse();
    assertThat(handle.reason()).isEmpty();
    assertThatThrownBy(() -> handle.cancel(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a cancellation needs a reason, for the run's results; it was blank");

    handle.cancel("first");
    handle.cancel("second");
    assertThat(handle.isCancelled()).isTrue();
    assertThat(handle.reason()).hasValue("first");
  }
}
