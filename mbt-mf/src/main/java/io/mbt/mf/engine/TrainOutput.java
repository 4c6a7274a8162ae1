package io.mbt.mf.engine;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a TRAIN attempt produced: the engine's run id (to evaluate and publish the same attempt),
 * its artifacts with digests, and metadata the bundle's compatibility descriptor is built from
 * ({@code feature_columns}, {@code training_schema}, {@code label}, ...).
 */
public record TrainOutput(String engineRunId, List<ArtifactLocator> artifacts, Map<String, Object> metadata) {
  public TrainOutput {
    requireNonNull(engineRunId, "engineRunId is null");
    artifacts = List.copyOf(artifacts);
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }
}
