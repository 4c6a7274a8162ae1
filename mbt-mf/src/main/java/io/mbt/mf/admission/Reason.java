package io.mbt.mf.admission;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One reason with the reference it is about and, where it applies, what was expected and what
 * was observed (e.g. two digests).
 */
public record Reason(ReasonCode code, String ref, Optional<String> expected, Optional<String> observed, String message) {
  public Reason {
    requireNonNull(code, "code is null");
    requireNonNull(ref, "ref is null");
    requireNonNull(expected, "expected is null");
    requireNonNull(observed, "observed is null");
    requireNonNull(message, "message is null");
  }

  public static Reason of(ReasonCode code, String ref, String message) {
    return new Reason(code, ref, Optional.empty(), Optional.empty(), message);
  }

  public static Reason mismatch(ReasonCode code, String ref, String expected, String observed, String message) {
    return new Reason(code, ref, Optional.of(expected), Optional.of(observed), message);
  }

  /** As stored in receipts and printed by {@code mbt mf status}. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("code", code.name());
    json.put("class", code.severity().name());
    json.put("retryable", code.retryable());
    json.put("ref", ref);
    expected.ifPresent(e -> json.put("expected", e));
    observed.ifPresent(o -> json.put("observed", o));
    json.put("message", message);
    return json;
  }

  public static Reason fromJson(Map<?, ?> json) {
    return new Reason(ReasonCode.valueOf(String.valueOf(json.get("code"))), String.valueOf(json.get("ref")),
        Optional.ofNullable(json.get("expected")).map(String::valueOf), Optional.ofNullable(json.get("observed")).map(String::valueOf),
        String.valueOf(json.get("message")));
  }

  @Override
  public String toString() {
    return code + " (" + code.severity() + (code.retryable() ? ", retryable" : "") + ") " + ref + ": " + message
        + expected.map(e -> " [expected " + e + ", observed " + observed.orElse("nothing") + "]").orElse("");
  }
}
