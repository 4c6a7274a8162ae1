package io.mbt.steps.runner;

import io.mbt.compiler.MbtVersion;
import io.mbt.compiler.manifest.Manifest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * The run_results.json of a run in progress: each step's entry changes from the runner's thread and
 * its commit thread, and the whole file is rewritten after each change, so a killed run leaves a
 * record of how far it got.
 */
final class RunProgress {
  private final Manifest manifest;
  private final RunRequest request;
  private final String artifactRoot;
  private final String startedAt;
  private final Map<String, RunResults.StepResult> results;
  private final Path file;
  private final Clock clock;

  RunProgress(Manifest manifest, RunRequest request, String artifactRoot, String startedAt, Map<String, RunResults.StepResult> results, Path file,
      Clock clock) {
    this.manifest = manifest;
    this.request = request;
    this.artifactRoot = artifactRoot;
    this.startedAt = startedAt;
    this.results = results;
    this.file = file;
    this.clock = clock;
  }

  String startedAt() {
    return startedAt;
  }

  Path file() {
    return file;
  }

  synchronized void put(String step, RunResults.StepResult result) {
    results.put(step, result);
  }

  /** Every step still shown as running, except {@code failed}, back to pending: they ran but were not committed. */
  synchronized void uncommitted(String failed) {
    results.replaceAll((step, result) -> !step.equals(failed) && RunResults.RUNNING.equals(result.status())
        ? RunResults.StepResult.pending(result.plugin()) : result);
  }

  /** Every step still shown as running back to pending: the run was stopped before they were committed. */
  synchronized void stopped() {
    results.replaceAll((step, result) -> RunResults.RUNNING.equals(result.status()) ? RunResults.StepResult.pending(result.plugin()) : result);
  }

  /** Writes the file with run status {@code status}; a status other than running completes the run. */
  synchronized RunResults write(String status, Optional<String> error) {
    Optional<String> registryRun = Optional.ofNullable(results.get("log_run")).map(r -> r.details().get("registry_run_id")).map(String::valueOf);
    RunResults r = new RunResults(request.runId(), manifest.metadata().pipelineName(), manifest.metadata().pipelineType().yamlName(),
        manifest.metadata().target(), request.executionDate().toString(), startedAt,
        status.equals(RunResults.RUNNING) ? Optional.empty() : Optional.of(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString()), status,
        manifest.metadata().schemaVersion(), MbtVersion.current(), manifest.metadata().pipelineDigest(), artifactRoot, registryRun,
        Optional.of(manifest.metadata().experimentName()), results, error);
    RunResultsFiles.write(file, r);
    return r;
  }
}
