package io.mbt.steps.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.steps.api.ArtifactKind;
import io.mbt.steps.api.StepCommitted;
import io.mbt.steps.api.StepListener;
import io.mbt.steps.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepCommittedTest {
  @TempDir Path project;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private static final LocalDate DATE = LocalDate.of(2026, 1, 1);

  /** Records what it is told, in order. */
  private static final class Recording implements StepListener {
    final List<StepCommitted> committed = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void onStepCommitted(StepCommitted event) {
      committed.add(event);
      calls.add("committed " + event.step());
    }

    @Override
    public void onStepComplete(String pipeline, String step, String runId, Duration duration) {
      calls.add("complete " + step);
    }
  }

  /** Fails on every commit, as a broken notification sink would. */
  private static final class Failing implements StepListener {
    @Override
    public void onStepCommitted(StepCommitted event) {
      throw new IllegalStateException("sink down");
    }
  }

  private Manifest manifest() {
    Map<String, ManifestStep> steps = new LinkedHashMap<>();
    steps.put("source", TestManifests.step(TestSteps.Source.class, List.of(), List.of("data"), true, Map.of()));
    steps.put("fit", TestManifests.step(TestSteps.Fit.class, List.of("source.data"), List.of("model", "tripled"), true, Map.of()));
    steps.put("flaky", TestManifests.step(TestSteps.Flaky.class, List.of("fit.tripled"), List.of("total"), true, Map.of()));
    return TestManifests.of("demo", project.resolve("artifacts"), steps);
  }

  private PipelineRunner runner(StepListener... listeners) {
    PipelineRunner runner = new PipelineRunner(SharedSpark.session(), project, project.resolve("target/demo"), new PrintStream(console, true),
        Clock.systemUTC());
    for (StepListener l : listeners) {
      runner.withListener(l);
    }
    return runner;
  }

  @Test
  void eachStepsCommitIsReportedWithItsOutputsAndDigestsInStepOrder() {
    String id = "run_committed_" + System.nanoTime();
    Recording recording = new Recording();
    RunResults results = runner(recording).run(manifest(), RunRequest.run(id, DATE));

    assertThat(recording.calls).containsExactly("committed source", "complete source", "committed fit", "complete fit", "committed flaky",
        "complete flaky");
    StepCommitted fit = recording.committed.get(1);
    assertThat(fit.pipeline()).isEqualTo("demo");
    assertThat(fit.runId()).isEqualTo(id);
    assertThat(fit.step()).isEqualTo("fit");
    assertThat(fit.plugin()).isEqualTo(TestSteps.Fit.class.getName());
    assertThat(fit.outputs().get("model").kind()).isEqualTo(ArtifactKind.MODEL);
    assertThat(fit.outputs().get("model").uri()).isEqualTo(results.artifactRoot() + "/" + id + "/fit/model");
    assertThat(fit.outputs().get("model").digest()).startsWith("fit:");
    assertThat(fit.outputs().get("tripled").kind()).isEqualTo(ArtifactKind.TABLE_VIEW);
    assertThat(fit.inputDigests()).containsEntry("source.data", recording.committed.get(0).outputs().get("data").digest());
    assertThat(fit.configDigest()).isEqualTo(results.steps().get("fit").configDigest().orElseThrow());
    assertThat(recording.committed.get(2).details()).containsEntry("total", 135L);
  }

  @Test
  void reusedStepsAreNotReportedAsCommittedAgain() {
    String id = "run_reused_" + System.nanoTime();
    runner().run(manifest(), RunRequest.run(id, DATE));
    Recording recording = new Recording();

    runner(recording).run(manifest(), RunRequest.steps(id, DATE, List.of("flaky"), true));

    assertThat(recording.committed).extracting(StepCommitted::step).containsExactly("flaky");
  }

  @Test
  void aListenerThatFailsNeverChangesTheOutcome() {
    Recording recording = new Recording();
    RunResults results = runner(new Failing(), recording).run(manifest(), RunRequest.run("run_failing_" + System.nanoTime(), DATE));

    assertThat(results.status()).isEqualTo(RunResults.SUCCESS);
    assertThat(recording.committed).hasSize(3);
    assertThat(console.toString()).contains("warning: a step listener failed: java.lang.IllegalStateException: sink down");
  }
}
