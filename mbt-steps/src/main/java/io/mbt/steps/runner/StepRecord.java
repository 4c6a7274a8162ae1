package io.mbt.steps.runner;

import io.mbt.steps.api.OutputRecord;
import java.util.Map;

/**
 * Written last, atomically, when a step succeeds ({@code <run>/<step>/step_record.json}): the
 * proof that the step's outputs are complete, and the digests it depended on (input versions, the
 * resolved config, the code) so results can be reused or content-addressed later.
 */
public record StepRecord(
    String step,
    String plugin,
    String startedAt,
    String completedAt,
    double durationSeconds,
    Map<String, OutputRecord> outputs,
    Map<String, String> inputDigests,
    String configDigest,
    String codeVersion,
    Map<String, Object> details) {
  public static final String FILE = "step_record.json";

  public StepRecord {
    outputs = Map.copyOf(outputs);
    inputDigests = Map.copyOf(inputDigests);
    details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
  }
}
