package io.mbt.steps.validation;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One check's verdict, as recorded in run results: its type, the columns it judged, its status and
 * a message with what was measured against what was allowed.
 */
public record CheckResult(String type, List<String> columns, CheckStatus status, String message) {
  public CheckResult {
    requireNonNull(type, "type is null");
    columns = List.copyOf(columns);
    requireNonNull(status, "status is null");
    requireNonNull(message, "message is null");
  }

  /** {@code {type, columns, status, message}} for run_results.json. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", type);
    out.put("columns", columns);
    out.put("status", status.label());
    out.put("message", message);
    return out;
  }

  @Override
  public String toString() {
    return type + (columns.isEmpty() ? "" : " " + columns) + ": " + message;
  }
}
