package io.mbt.steps.connector;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of {@link DataConnector#validateConnection}: whether the source is reachable and a
 * line for {@code mbt debug} (what was checked, or what failed and how to fix it). Never holds
 * secrets.
 */
public record ConnectionCheck(boolean ok, String detail) {
  public ConnectionCheck {
    requireNonNull(detail, "detail is null");
  }

  public static ConnectionCheck ok(String detail) {
    return new ConnectionCheck(true, detail);
  }

  public static ConnectionCheck failed(String detail) {
    return new ConnectionCheck(false, detail);
  }
}
