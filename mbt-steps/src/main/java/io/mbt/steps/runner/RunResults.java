package io.mbt.steps.runner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code target/<pipeline>/run_results.json} (blueprint §18), or where {@link RunOptions} puts it:
 * one run, every step's status, duration, digests and step-specific results. Rewritten after each
 * step, so a killed run leaves a record of how far it got.
 *
 * @param status {@link #RUNNING}, {@link #SUCCESS}, {@link #FAILED} or {@link #CANCELLED}; a run of
 *     named steps succeeds when they do
 */
public record RunResults(
    String runId,
    String pipelineName,
    String pipelineType,
    String target,
    String executionDate,
    String startedAt,
    Optional<String> completedAt,
    String status,
    int schemaVersion,
    String mbtVersion,
    String manifestDigest,
    String artifactRoot,
    Optional<String> registryRunId,
    Optional<String> experimentName,
    Map<String, StepResult> steps,
    Optional<String> error) {

  public static final String FILE = "run_results.json";

  /** A run or step in progress. */
  public static final String RUNNING = "running";
  /** A run or step that completed. */
  public static final String SUCCESS = "success";
  /** A run or step that failed. */
  public static final String FAILED = "failed";
  /** A run stopped by its {@link RunCancellation}. */
  public static final String CANCELLED = "cancelled";
  /** A step still to run (or to run again, after a failure or a cancel). */
  public static final String PENDING = "pending";
  /** A step completed earlier in the run and reused. */
  public static final String SKIPPED = "skipped";
  /** A step a run of named steps ({@link RunRequest.Mode#STEPS}) did not name: it did not run in this invocation. */
  public static final String NOT_SELECTED = "not_selected";

  public RunResults {
    steps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
  }

  /**
   * One step's outcome.
   *
   * @param status {@link #SUCCESS}, {@link #FAILED}, {@link #SKIPPED} (reused from an earlier attempt),
   *     {@link #PENDING}, {@link #RUNNING} or {@link #NOT_SELECTED}; a step not selected keeps the
   *     digests and outputs of its record if it completed earlier in the run
   */
  public record StepResult(
      String status,
      Optional<Double> durationSeconds,
      String plugin,
      Optional<String> configDigest,
      Map<String, String> inputDigests,
      Map<String, String> outputs,
      Map<String, Object> details,
      Optional<String> error) {
    public StepResult {
      inputDigests = Map.copyOf(inputDigests);
      outputs = Map.copyOf(outputs);
      details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static StepResult pending(String plugin) {
      return new StepResult(PENDING, Optional.empty(), plugin, Optional.empty(), Map.of(), Map.of(), Map.of(), Optional.empty());
    }
  }
}
