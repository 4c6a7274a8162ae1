package io.mbt.steps.runner;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestMetadata;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.compiler.model.DeploymentSpec;
import io.mbt.compiler.model.PipelineType;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.Resources;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.compiler.profile.TargetConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built manifests for runner tests: steps in order, each a batch of its own. */
final class TestManifests {
  private TestManifests() {}

  static ManifestStep step(Class<?> plugin, List<String> inputs, List<String> outputs, boolean idempotent, Map<String, Object> config) {
    List<String> parents = inputs.stream().map(i -> i.substring(0, i.indexOf('.'))).distinct().toList();
    return new ManifestStep(plugin.getName(), config, Resources.none(), inputs, outputs, parents, idempotent);
  }

  static Manifest of(String pipeline, Path artifacts, Map<String, ManifestStep> steps) {
    Map<String, List<String>> parents = new LinkedHashMap<>();
    List<List<String>> batches = new ArrayList<>();
    steps.forEach((name, s) -> {
      parents.put(name, s.dependsOn());
      batches.add(List.of(name));
    });
    TargetConfig target = new TargetConfig("test", "dev", AdapterRef.of("local", Map.of()),
        AdapterRef.of("local", Map.of("base_path", artifacts.toString())), AdapterRef.of("local_file", Map.of("data_path", ".")),
        AdapterRef.of("local", Map.of()), AdapterRef.of("env", Map.of()), Optional.empty(), Resources.none(),
        TargetConfig.SparkSettings.defaults(), Map.of());
    ManifestMetadata metadata = new ManifestMetadata("test", 1, "2026-01-01T00:00:00Z", pipeline, PipelineType.TRAINING, "test", "test", "dev",
        ProblemType.BINARY_CLASSIFICATION, pipeline, Optional.empty(), List.of(), DeploymentSpec.defaults(), Optional.of("2026-01-01"), Map.of(),
        List.of(), "sha256:test", List.of());
    return new Manifest(metadata, target, steps, new Manifest.DagSpec(parents, batches));
  }
}
