package io.mbt.steps.runner;

/** A run stopped at a step. {@link #results()} is what run_results.json holds. */
public final class RunFailedException extends RuntimeException {
  private final RunResults results;
  private final String step;
  private final String hint;

  RunFailedException(String step, String message, String hint, RunResults results, Throwable cause) {
    super("step " + step + " failed: " + message, cause);
    this.step = step;
    this.hint = hint;
    this.results = results;
  }

  public RunResults results() {
    return results;
  }

  public String step() {
    return step;
  }

  public String hint() {
    return hint;
  }
}
