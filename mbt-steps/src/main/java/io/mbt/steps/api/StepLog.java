package io.mbt.steps.api;

import java.util.Map;

/**
 * Structured logging for steps: every line carries pipeline, step, run_id and target. Never pass
 * secrets.
 */
public interface StepLog {
  void info(String event, Map<String, ?> fields);

  void warn(String event, Map<String, ?> fields);

  default void info(String event) {
    info(event, Map.of());
  }

  default void warn(String event) {
    warn(event, Map.of());
  }
}
