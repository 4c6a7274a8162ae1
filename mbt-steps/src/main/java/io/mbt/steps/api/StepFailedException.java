package io.mbt.steps.api;

/**
 * A step refused its input or configuration: a user-facing problem (missing column, fan-out, a
 * failed validation check, too few rows). The message says what is wrong and how to fix it; the
 * runner reports it without a stack trace.
 */
public class StepFailedException extends RuntimeException {
  private final String hint;

  public StepFailedException(String message, String hint) {
    super(message);
    this.hint = hint == null ? "" : hint;
  }

  public StepFailedException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint == null ? "" : hint;
  }

  public String hint() {
    return hint;
  }
}
