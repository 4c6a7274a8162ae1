package io.mbt.steps.api;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A step's outputs and record were committed: everything it wrote is in place and a later {@code
 * retry} or {@code exec} of the run will reuse it. What the Model Factory records as the step's
 * artifact locators.
 *
 * @param outputs each output by name: its kind, URI and digest
 * @param inputDigests the digest of each input ({@code <step>.<output>}) the step read
 * @param configDigest the digest of the step's plugin, config, inputs and outputs
 * @param details what the step recorded (metrics, row counts, source versions)
 */
public record StepCommitted(
    String pipeline,
    String runId,
    String step,
    String plugin,
    Map<String, OutputRecord> outputs,
    Map<String, String> inputDigests,
    String configDigest,
    Map<String, Object> details) {
  public StepCommitted {
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(step, "step is null");
    requireNonNull(plugin, "plugin is null");
    requireNonNull(configDigest, "configDigest is null");
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(outputs, "outputs is null")));
    inputDigests = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(inputDigests, "inputDigests is null")));
    details = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(details, "details is null")));
  }
}
