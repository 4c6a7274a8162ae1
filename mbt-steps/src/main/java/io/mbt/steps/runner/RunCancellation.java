package io.mbt.steps.runner;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A handle by which whoever started a run can stop it, from any thread. The runner checks it before
 * each step; cancelling while a step runs cancels that step's Spark jobs, those running and any the
 * step starts afterwards, so the step fails fast. The run then ends with a {@link
 * RunCancelledException}: steps committed before stay committed, the step that was stopped goes back
 * to pending and runs again when the run is resumed. A step that completes despite the cancel (it
 * had no Spark job to stop) is committed, and the run stops after it.
 *
 * <p>Once cancelled, a handle stays cancelled: a run given it stops before its first step. Give each
 * run its own handle; one handle serves one run at a time.
 */
public final class RunCancellation {
  private String reason;
  private Runnable onCancel;

  /**
   * Cancels the run; only the first call counts.
   *
   * @param reason why, for run_results.json and the exception (e.g. "cancelled by operator alice")
   * @throws IllegalArgumentException if {@code reason} is blank
   */
  public void cancel(String reason) {
    requireNonNull(reason, "reason is null");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a cancellation needs a reason, for the run's results; it was blank");
    }
    Runnable stop;
    synchronized (this) {
      if (this.reason != null) {
        return;
      }
      this.reason = reason;
      stop = onCancel;
    }
    if (stop != null) {
      stop.run();
    }
  }

  public synchronized boolean isCancelled() {
    return reason != null;
  }

  /** Why the run was cancelled; empty while it was not. */
  public synchronized Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** While a step runs: how to stop it. Runs {@code stop} at once if the run is already cancelled. */
  void whileStepRuns(Runnable stop) {
    boolean cancelled;
    synchronized (this) {
      onCancel = stop;
      cancelled = reason != null;
    }
    if (cancelled) {
      stop.run();
    }
  }

  /** The step ended: nothing to stop until the next one starts. */
  synchronized void stepEnded() {
    onCancel = null;
  }
}
