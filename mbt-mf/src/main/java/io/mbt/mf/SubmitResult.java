package io.mbt.mf;

import static java.util.Objects.requireNonNull;

import io.mbt.mf.admission.Reason;
import io.mbt.mf.stage.RunOutcome;
import java.util.List;
import java.util.Optional;

/**
 * The stable answer to a submit, resume or publish (MF-A4): the run, how it stands, and why.
 *
 * @param trainRunId empty only when the request could not even be keyed (an unreadable,
 *     unpinned reference, or a dataset manifest that could not be read)
 * @param outcome terminal outcomes, PUBLISH_PENDING, or RUNNING (held by another worker)
 * @param duplicate the run already existed: this call did no work of its own on it
 * @param bundleFingerprint the published or pending candidate, if one was assembled
 */
public record SubmitResult(Optional<String> trainRunId, RunOutcome outcome, boolean duplicate, Optional<String> bundleFingerprint,
    List<Reason> reasons) {
  public SubmitResult {
    requireNonNull(trainRunId, "trainRunId is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(bundleFingerprint, "bundleFingerprint is null");
    reasons = List.copyOf(reasons);
  }

  public int exitCode() {
    return outcome.exitCode();
  }
}
