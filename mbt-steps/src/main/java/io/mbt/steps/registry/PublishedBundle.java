package io.mbt.steps.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A candidate bundle as the registry holds it ({@link ModelRegistry#bundleStatus}).
 *
 * @param modelName the registered model
 * @param version the model version holding the bundle (the lowest, should a race have left two)
 * @param registryRunId the registry run the version points at
 * @param bundleFingerprint the bundle's identity
 * @param manifestSha256 {@code sha256:<hex>} of the manifest bytes stored when it was published
 * @param createdAt when the version was created
 * @param tags the version's tags ({@code mbt.*} and the provenance)
 * @param aliases the aliases that name this version's run now (empty for a candidate nobody promoted)
 */
public record PublishedBundle(String modelName, String version, String registryRunId, String bundleFingerprint, String manifestSha256,
    Instant createdAt, Map<String, String> tags, List<String> aliases) {

  public PublishedBundle {
    requireNonNull(modelName, "modelName is null");
    requireNonNull(version, "version is null");
    requireNonNull(registryRunId, "registryRunId is null");
    requireNonNull(bundleFingerprint, "bundleFingerprint is null");
    requireNonNull(manifestSha256, "manifestSha256 is null");
    requireNonNull(createdAt, "createdAt is null");
    tags = Collections.unmodifiableMap(new TreeMap<>(tags));
    aliases = List.copyOf(aliases);
  }
}
