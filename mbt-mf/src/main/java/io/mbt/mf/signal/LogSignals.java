package io.mbt.mf.signal;

import io.mbt.mf.identity.CanonicalJson;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signals as JSON log lines (one object per line: time, event, correlation keys, fields) plus
 * in-process counters, and control facts ({@code mf.train_run.started|completed},
 * {@code mf.bundle.published}) to a {@link ControlFactSink}. A line or a sink that fails is
 * counted as dropped and otherwise ignored: signals never change an outcome (IL7).
 */
public final class LogSignals implements Signals {
  private static final java.util.Set<String> CONTROL_FACTS = java.util.Set.of("mf.train_run.started", "mf.train_run.completed",
      "mf.bundle.published");
  private final PrintStream out;
  private final ControlFactSink sink;
  private final Clock clock;
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

  public LogSignals(PrintStream out, ControlFactSink sink, Clock clock) {
    this.out = out;
    this.sink = sink;
    this.clock = clock;
  }

  @Override
  public void emit(String event, Map<String, Object> correlation, Map<String, Object> fields) {
    try {
      counters.computeIfAbsent(event, e -> new AtomicLong()).incrementAndGet();
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("ts", clock.instant().toString());
      line.put("event", event);
      line.putAll(correlation);
      line.putAll(fields);
      if (out != null) {
        out.println(CanonicalJson.write(line));
      }
      if (CONTROL_FACTS.contains(event)) {
        sink.publish(event, line);
      }
    } catch (RuntimeException | Error e) {
      counters.computeIfAbsent("mf.signal.dropped", k -> new AtomicLong()).incrementAndGet();
    }
  }

  /** How often each event was emitted (and {@code mf.signal.dropped}). */
  public Map<String, Long> counters() {
    Map<String, Long> snapshot = new java.util.TreeMap<>();
    counters.forEach((k, v) -> snapshot.put(k, v.get()));
    return snapshot;
  }
}
