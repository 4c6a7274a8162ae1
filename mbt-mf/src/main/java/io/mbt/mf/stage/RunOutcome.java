package io.mbt.mf.stage;

/**
 * How a run ended (MF-D8), recorded once in its {@code run_terminal} receipt. {@link
 * #PUBLISH_PENDING} is not terminal: a PASS candidate whose publish has not succeeded yet; a
 * publish-only retry finishes it without training.
 */
public enum RunOutcome {
  SUCCESS_PUBLISHED(true, 0),
  /** Gated PASS; the intent publishes nothing (candidate_eval, regression_check). */
  SUCCESS_EVALUATED(true, 0),
  FAILED_GATES(true, 1),
  REJECTED_INPUTS(true, 1),
  /** A stage failed for a reason retrying cannot fix (a pipeline step's own error). */
  FAILED_STAGE(true, 1),
  FAILED_RETRY_EXHAUSTED(true, 1),
  FAILED_CONFLICT(true, 1),
  FAILED_REJECTED(true, 1),
  CANCELED(true, 1),
  PUBLISH_PENDING(false, 75),
  /** Another worker holds the run and its lease is alive. */
  RUNNING(false, 75),
  /** An input or the ledger could not be reached: nothing was decided about the inputs; submit again later. */
  UNAVAILABLE(false, 75);

  private final boolean terminal;
  private final int exitCode;

  RunOutcome(boolean terminal, int exitCode) {
    this.terminal = terminal;
    this.exitCode = exitCode;
  }

  public boolean terminal() {
    return terminal;
  }

  /** The CLI's exit code: 0 done, 1 failed, 75 pending or running elsewhere (EX_TEMPFAIL: try again later). */
  public int exitCode() {
    return exitCode;
  }
}
