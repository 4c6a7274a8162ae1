package io.mbt.steps.runner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code target/<pipeline>/run_results.json} (blueprint §18): one run, every step's status,
 * duration, digests and step-specific results. Rewritten after each step, so a killed run leaves
 * a record of how far it got.
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

  public RunResults {
    steps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
  }

  /**
   * One step's outcome.
   *
   * @param status success | failed | skipped (reused from an earlier attempt) | pending | running
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
      return new StepResult("pending", Optional.empty(), plugin, Optional.empty(), Map.of(), Map.of(), Map.of(), Optional.empty());
    }
  }
}
