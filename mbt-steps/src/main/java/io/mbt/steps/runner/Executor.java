package io.mbt.steps.runner;

import java.util.Map;
import java.util.Optional;

/**
 * Where a run's steps execute: the profile's {@code executor} section, found by {@link
 * java.util.ServiceLoader} ({@link Executors}). MBT ships {@code local}: every step of a run in
 * the Spark driver that runs MBT (an embedded session, or the application spark-submit started).
 */
public interface Executor {
  /** The name users write in YAML ({@code executor: {type: local}}). */
  String name();

  /** A configured copy; the prototype ServiceLoader creates has no config. */
  Executor configure(Map<String, Object> config);

  /**
   * The Spark master the session MBT starts itself should use; ignored under spark-submit or in a
   * notebook, whose launcher chose the master.
   */
  Optional<String> master();

  /** Spark settings for the session MBT starts or joins (the target's {@code spark.conf} wins on a clash). */
  Map<String, String> sparkConf();
}
