package io.mbt.mf.signal;

import java.util.Map;

/**
 * Where optional control facts go (IJ13): low-volume, by-reference events another system may
 * react to. Never truth: a consumer reads the ledger or the registry for what happened.
 */
public interface ControlFactSink {
  /** May throw; the caller counts it as dropped. */
  void publish(String eventType, Map<String, Object> fact);

  static ControlFactSink none() {
    return (type, fact) -> {};
  }
}
