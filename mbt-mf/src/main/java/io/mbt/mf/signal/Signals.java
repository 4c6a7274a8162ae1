package io.mbt.mf.signal;

import java.util.Map;

/**
 * MF-I, the signal plane: structured log lines, counters and optional control facts, each
 * carrying the run's correlation keys. Best effort by contract: an implementation never throws
 * and never blocks for long, so a failing sink can never change a run's outcome (IL7).
 */
public interface Signals {
  /**
   * @param event e.g. {@code mf.stage.completed}
   * @param correlation train_run_id, request_id, input_fingerprint, policy_rev, mf_build_id,
   *     bundle_fingerprint — whichever are known
   * @param fields the event's own fields (no secrets, no rows)
   */
  void emit(String event, Map<String, Object> correlation, Map<String, Object> fields);

  /** Signals that go nowhere. */
  static Signals none() {
    return (event, correlation, fields) -> {};
  }
}
