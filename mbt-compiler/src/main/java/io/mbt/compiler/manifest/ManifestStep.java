package io.mbt.compiler.manifest;

import io.mbt.compiler.model.Resources;
import java.util.List;
import java.util.Map;

/**
 * One step of the manifest: the class that runs it, its resolved config, resources, artifacts and
 * parents. {@code inputs} are {@code step.artifact} references; {@code outputs} are artifact names
 * stored under {@code <artifact root>/<run_id>/<step>/}.
 */
public record ManifestStep(
    String plugin,
    Map<String, Object> config,
    Resources resources,
    List<String> inputs,
    List<String> outputs,
    List<String> dependsOn,
    boolean idempotent) {
  public ManifestStep {
    config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    dependsOn = List.copyOf(dependsOn);
  }
}
