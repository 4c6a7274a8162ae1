package io.mbt.steps.runner;

/**
 * A run stopped because its {@link RunCancellation} was cancelled; run_results.json says {@code
 * cancelled}. A {@link RunFailedException}, so code that only knows failures still stops; catch this
 * first to tell a cancel from a failure. {@link #step()} is the step that was stopped, or the one
 * that would have run next: it is pending in {@link #results()} and runs again when the run is
 * resumed; the steps before it are committed.
 */
public final class RunCancelledException extends RunFailedException {
  private final String reason;

  RunCancelledException(String step, String reason, RunResults results, Throwable cause) {
    super("run " + results.runId() + " of " + results.pipelineName() + " was cancelled at step " + step + ": " + reason, step,
        "resume it with the same run id (mbt retry) to run step " + step + " and the rest", results, cause);
    this.reason = reason;
  }

  /** What the canceller gave as the reason. */
  public String reason() {
    return reason;
  }
}
