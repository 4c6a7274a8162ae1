package io.mbt.compiler.manifest;

import io.mbt.compiler.profile.TargetConfig;
import java.util.List;
import java.util.Map;

/**
 * {@code target/<pipeline>/manifest.json}: the contract between compile time and run time. The
 * runner reads only this (plus secrets it resolves at run time), never the YAML.
 */
public record Manifest(ManifestMetadata metadata, TargetConfig profile, Map<String, ManifestStep> steps, DagSpec dag) {
  public Manifest {
    steps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(steps));
  }

  /** {@code parent_map} and {@code execution_batches}: steps in one batch do not depend on each other. */
  public record DagSpec(Map<String, List<String>> parentMap, List<List<String>> executionBatches) {
    public DagSpec {
      parentMap = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parentMap));
      executionBatches = executionBatches.stream().map(List::copyOf).toList();
    }
  }

  public ManifestStep step(String name) {
    ManifestStep step = steps.get(name);
    if (step == null) {
      throw new IllegalArgumentException("pipeline " + metadata.pipelineName() + " has no step '" + name + "'; steps: " + String.join(", ", steps.keySet()));
    }
    return step;
  }
}
