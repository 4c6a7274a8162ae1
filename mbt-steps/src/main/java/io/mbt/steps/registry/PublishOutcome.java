package io.mbt.steps.registry;

/**
 * What {@link ModelRegistry#publishBundle} did with a candidate bundle, keyed by its {@code
 * bundle_fingerprint}. A failure to reach the registry is not an outcome: it is thrown ({@link
 * RegistryUnavailableException}, {@link PublishOutcomeUnknownException}).
 */
public enum PublishOutcome {
  /** This call created a new model version for the bundle. */
  PUBLISHED,
  /**
   * A version with this fingerprint existed already and its stored manifest digest equals this
   * bundle's: an earlier (or concurrent) publish of the same bundle. A success, not an error.
   */
  ALREADY_PUBLISHED,
  /**
   * A version with this fingerprint exists but its stored manifest digest differs: the same
   * identity with different bytes (a non-deterministic or tampered candidate). Terminal: never
   * retry it, investigate.
   */
  CONFLICT,
  /** The registry refused the bundle before creating anything; {@link PublishResult#reasonCodes} say why. Terminal. */
  REJECTED;

  /** Whether the bundle is published after this outcome (PUBLISHED or ALREADY_PUBLISHED). */
  public boolean isSuccess() {
    return this == PUBLISHED || this == ALREADY_PUBLISHED;
  }
}
