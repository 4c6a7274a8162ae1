package io.mbt.steps.registry;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link ModelRegistry#publishBundle}.
 *
 * @param outcome what happened
 * @param modelName the registered model published to
 * @param version the model version holding the bundle: the new one (PUBLISHED), the existing one
 *     (ALREADY_PUBLISHED), or the one whose manifest differs (CONFLICT); empty when REJECTED
 * @param registryRunId the registry run the version points at, present whenever {@code version} is
 * @param reasonCodes {@link PublishReason} names: at least one for REJECTED and CONFLICT, none
 *     otherwise
 * @param detail a message for people: what happened, and for REJECTED and CONFLICT what to do
 */
public record PublishResult(PublishOutcome outcome, String modelName, Optional<String> version, Optional<String> registryRunId,
    List<String> reasonCodes, String detail) {

  public PublishResult {
    requireNonNull(outcome, "outcome is null");
    requireNonNull(modelName, "modelName is null");
    requireNonNull(version, "version is null");
    requireNonNull(registryRunId, "registryRunId is null");
    requireNonNull(detail, "detail is null");
    reasonCodes = List.copyOf(reasonCodes);
    if (version.isPresent() != registryRunId.isPresent()) {
      throw new IllegalArgumentException("a publish result names a version and its run together, but had version " + version + " and run "
          + registryRunId);
    }
    boolean needsVersion = outcome != PublishOutcome.REJECTED;
    if (version.isPresent() != needsVersion) {
      throw new IllegalArgumentException("a " + outcome + " publish result " + (needsVersion ? "must name" : "cannot name") + " a version, but had "
          + version);
    }
    boolean needsReasons = outcome == PublishOutcome.REJECTED || outcome == PublishOutcome.CONFLICT;
    if (reasonCodes.isEmpty() == needsReasons) {
      throw new IllegalArgumentException("a " + outcome + " publish result " + (needsReasons ? "needs" : "has no") + " reason codes, but had "
          + reasonCodes);
    }
  }

  public static PublishResult published(String modelName, String version, String registryRunId, String detail) {
    return new PublishResult(PublishOutcome.PUBLISHED, modelName, Optional.of(version), Optional.of(registryRunId), List.of(), detail);
  }

  public static PublishResult alreadyPublished(String modelName, String version, String registryRunId, String detail) {
    return new PublishResult(PublishOutcome.ALREADY_PUBLISHED, modelName, Optional.of(version), Optional.of(registryRunId), List.of(), detail);
  }

  /** The fingerprint is taken by {@code version}, which stores manifest digest {@code storedSha256}, not {@code offeredSha256}. */
  public static PublishResult conflict(String modelName, String bundleFingerprint, String version, String registryRunId, String storedSha256,
      String offeredSha256) {
    return new PublishResult(PublishOutcome.CONFLICT, modelName, Optional.of(version), Optional.of(registryRunId),
        List.of(PublishReason.MANIFEST_DIGEST_MISMATCH.name()), "version " + version + " of model '" + modelName + "' already holds bundle "
            + bundleFingerprint + " with manifest digest " + storedSha256 + ", but this bundle's manifest digest is " + offeredSha256
            + ": the same identity with different bytes. Do not retry: find why the candidate was not reproducible (unpinned inputs or"
            + " config, a non-deterministic bundle assembly, or an overwritten artifact)");
  }

  public static PublishResult rejected(String modelName, List<PublishReason> reasons, String detail) {
    return new PublishResult(PublishOutcome.REJECTED, modelName, Optional.empty(), Optional.empty(),
        reasons.stream().map(PublishReason::name).distinct().toList(), detail);
  }
}
