package io.mbt.mf.publish;

import io.mbt.mf.admission.MfContext;
import io.mbt.mf.bundle.BundleCandidate;
import io.mbt.mf.engine.TrainOutput;
import java.util.Optional;

/**
 * The registry as MF-G sees it (IJ11): publish a candidate idempotently by its fingerprint, and
 * probe what the registry holds for a fingerprint. Never activates: no alias moves through here.
 */
public interface CandidateRegistry {

  /**
   * Publishes {@code candidate} (the artifacts of {@code trained}) as a candidate version.
   *
   * @throws Unavailable the registry could not be reached and took nothing: retry
   * @throws OutcomeUnknown the call failed after the registry may have accepted it: probe {@link #status} first
   */
  PublishResponse publish(BundleCandidate candidate, TrainOutput trained, MfContext context) throws Unavailable, OutcomeUnknown;

  /**
   * What the registry holds for {@code fingerprint}: ALREADY_PUBLISHED with its version, or empty.
   *
   * @throws Unavailable the registry could not be read
   */
  Optional<PublishResponse> status(String modelName, String fingerprint) throws Unavailable;

  /** The registry could not be reached; nothing was committed. */
  final class Unavailable extends Exception {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The registry may or may not have committed the publish. */
  final class OutcomeUnknown extends Exception {
    public OutcomeUnknown(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
