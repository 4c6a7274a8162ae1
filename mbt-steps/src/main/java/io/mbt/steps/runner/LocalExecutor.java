package io.mbt.steps.runner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code local}: the steps of a run execute one after another in this Spark driver, each as Spark
 * jobs on the session's executors. Config {@code master} (the embedded session's master, e.g.
 * {@code local[4]}) and {@code spark_conf} (settings for the session).
 */
public final class LocalExecutor implements Executor {
  public static final String NAME = "local";

  private final Optional<String> master;
  private final Map<String, String> sparkConf;

  /** The prototype ServiceLoader creates. */
  public LocalExecutor() {
    this(Optional.empty(), Map.of());
  }

  private LocalExecutor(Optional<String> master, Map<String, String> sparkConf) {
    this.master = master;
    this.sparkConf = Map.copyOf(sparkConf);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public LocalExecutor configure(Map<String, Object> config) {
    Map<String, Object> c = config == null ? Map.of() : config;
    Optional<String> master = Optional.ofNullable(c.get("master")).map(String::valueOf).filter(s -> !s.isBlank());
    Map<String, String> conf = new LinkedHashMap<>();
    if (c.get("spark_conf") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> conf.put(String.valueOf(k), String.valueOf(v))); // Spark settings are strings: true becomes "true"
    } else if (c.get("spark_conf") != null) {
      throw new IllegalArgumentException("executor 'local': spark_conf must be a mapping of Spark settings, but was: " + c.get("spark_conf"));
    }
    return new LocalExecutor(master, conf);
  }

  @Override
  public Optional<String> master() {
    return master;
  }

  @Override
  public Map<String, String> sparkConf() {
    return sparkConf;
  }
}
