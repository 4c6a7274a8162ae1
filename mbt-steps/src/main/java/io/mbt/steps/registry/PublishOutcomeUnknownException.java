package io.mbt.steps.registry;

import static java.util.Objects.requireNonNull;

/**
 * A publish failed after the registry may have accepted it (the create-version call timed out,
 * the connection dropped, the server answered 5xx, or the call succeeded and a later step failed).
 * The caller must not assume either way: probe {@link ModelRegistry#bundleStatus} with the same
 * model name and fingerprint, and publish again only if the probe finds nothing (publishing is
 * idempotent by fingerprint, so a repeat is safe, but the probe says what happened).
 *
 * <p>A {@link RegistryException}, as {@link RegistryUnavailableException} is; a publisher catches
 * both types before the general one.
 */
public class PublishOutcomeUnknownException extends RegistryException {
  private final String modelName;
  private final String bundleFingerprint;

  public PublishOutcomeUnknownException(String modelName, String bundleFingerprint, String message, Throwable cause) {
    super(message, cause);
    this.modelName = requireNonNull(modelName, "modelName is null");
    this.bundleFingerprint = requireNonNull(bundleFingerprint, "bundleFingerprint is null");
  }

  /** The registered model the bundle was being published to. */
  public String modelName() {
    return modelName;
  }

  /** The fingerprint to probe {@link ModelRegistry#bundleStatus} with. */
  public String bundleFingerprint() {
    return bundleFingerprint;
  }
}
