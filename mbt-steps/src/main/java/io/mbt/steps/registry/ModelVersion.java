package io.mbt.steps.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One version of a registered model: a logged run made available under a model name (MLflow's
 * model version; the local registry keeps the same shape).
 *
 * @param modelName the registered model's name ({@link RegisteredModelName})
 * @param version the registry's version label, e.g. {@code 3}
 * @param runId the registry run the version points at
 * @param createdAt when the version was registered
 */
public record ModelVersion(String modelName, String version, String runId, Instant createdAt) {
  public ModelVersion {
    requireNonNull(modelName, "modelName is null");
    requireNonNull(version, "version is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(createdAt, "createdAt is null");
  }
}
