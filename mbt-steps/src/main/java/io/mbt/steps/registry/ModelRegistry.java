package io.mbt.steps.registry;

import java.util.List;
import java.util.Optional;

/**
 * Where training runs are logged and serving finds them (the blueprint's ModelRegistryPlugin, §8.3):
 * the run-time side of the {@code model_registry} adapter kind. Implementations are listed in
 * {@code META-INF/services/io.mbt.steps.registry.ModelRegistry}, need a public no-argument
 * constructor, and are looked up by {@link #name()} through {@link ModelRegistries}, which calls
 * {@link #configure} once before any other method.
 *
 * <p>A registry run is addressed by the id {@link #logRun} returns. Logging is idempotent per MBT
 * run: logging the same MBT run again (a retried {@code log_run} step) returns the same id and
 * stores nothing twice. Logged runs are immutable.
 *
 * <p>Optional capabilities are {@code default} methods, so adapters written against an older
 * version keep working when new ones are added (§8.4).
 */
public interface ModelRegistry extends AutoCloseable {

  /** The {@code model_registry.type} this adapter serves, e.g. {@code local}, {@code mlflow}. */
  String name();

  /**
   * Prepares the adapter with the target's {@code model_registry.config} (secrets resolved), the
   * project directory and the Spark session.
   *
   * @throws IllegalArgumentException if the config is invalid; the message names the key
   */
  default void configure(RegistryEnvironment environment) {}

  /**
   * Logs a training run: its parameters, metrics and artifacts.
   *
   * @return the registry's id of the run; the same id for every call with the same MBT run id
   * @throws RegistryException if the registry cannot be written
   */
  String logRun(RunToLog run);

  /**
   * A logged run, with URIs from which Spark reads its artifacts.
   *
   * @throws RunNotFoundException if there is no such run
   * @throws RegistryException if the registry cannot be read
   */
  RegisteredRun loadRun(String runId);

  /**
   * The id of the newest successful run of {@code pipeline} (for {@code run_id: latest}); empty if
   * it has none.
   *
   * @throws RegistryException if the registry cannot be read
   */
  Optional<String> latestRunId(String pipeline);

  /** Ids of the runs of {@code pipeline}, newest first. Adapters that cannot list return the latest only. */
  default List<String> runIds(String pipeline) {
    return latestRunId(pipeline).map(List::of).orElse(List.of());
  }

  /** Whether the registry is reachable and usable; {@code mbt debug} reports it. */
  default boolean healthCheck() {
    return true;
  }

  /** Releases connections; the default holds none. */
  @Override
  default void close() {}
}
