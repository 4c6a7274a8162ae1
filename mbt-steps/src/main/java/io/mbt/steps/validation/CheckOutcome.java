package io.mbt.steps.validation;

import static java.util.Objects.requireNonNull;

/** What a {@link CustomCheck} found: whether the data passed, and a message saying what was measured. */
public record CheckOutcome(boolean passed, String message) {
  public CheckOutcome {
    requireNonNull(message, "message is null");
  }

  public static CheckOutcome passed(String message) {
    return new CheckOutcome(true, message);
  }

  public static CheckOutcome failed(String message) {
    return new CheckOutcome(false, message);
  }
}
