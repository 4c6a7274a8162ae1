package io.mbt.mf.engine;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an EVAL produced: the evaluation report (by reference, with its digest) and the metrics it
 * holds. Undefined metrics are absent; the gate treats an absent required metric as HARD.
 */
public record EvalOutput(ArtifactLocator report, Map<String, Double> metrics) {
  public EvalOutput {
    requireNonNull(report, "report is null");
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }
}
