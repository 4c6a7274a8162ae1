package io.mbt.steps.runner;

/**
 * A run stopped at a step. {@link #results()} is what run_results.json holds. A run stopped on
 * request is the subclass {@link RunCancelledException}: catch it first to tell a cancel from a
 * failure.
 */
public sealed class RunFailedException extends RuntimeException permits RunCancelledException {
  private final RunResults results;
  private final String step;
  private final String hint;

  /** @param message the whole message, e.g. {@code step train_model failed: ...} */
  RunFailedException(String message, String step, String hint, RunResults results, Throwable cause) {
    super(message, cause);
    this.step = step;
    this.hint = hint;
    this.results = results;
  }

  public RunResults results() {
    return results;
  }

  /** The step that failed, or was stopped. */
  public String step() {
    return step;
  }

  public String hint() {
    return hint;
  }
}
