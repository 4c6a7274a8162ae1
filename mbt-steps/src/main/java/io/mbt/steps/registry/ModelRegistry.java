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
   * it has none. Runs logged by {@link #publishBundle} (Model Factory candidates) are not counted:
   * a candidate serves only once promoted.
   *
   * @throws RegistryException if the registry cannot be read
   */
  Optional<String> latestRunId(String pipeline);

  /**
   * Ids of the runs of {@code pipeline}, newest first, without Model Factory candidates (as {@link
   * #latestRunId}). Adapters that cannot list return the latest only.
   */
  default List<String> runIds(String pipeline) {
    return latestRunId(pipeline).map(List::of).orElse(List.of());
  }

  // ---- registered models and aliases (the lifecycle the Model Factory expects of a Registry) ----

  /**
   * Makes logged run {@code runId} a version of registered model {@code modelName} (creating the
   * model if needed). Idempotent: a run already registered under that name returns its existing
   * version rather than a new one.
   *
   * @throws RunNotFoundException if there is no such run
   * @throws RegistryException if the registry cannot be written
   */
  default ModelVersion registerModel(String modelName, String runId) {
    throw unsupported("registering models");
  }

  /** The versions of {@code modelName}, newest first; empty if there is no such model. */
  default List<ModelVersion> modelVersions(String modelName) {
    throw unsupported("listing model versions");
  }

  /** The run alias {@code alias} of {@code modelName} names now; empty if it was never set. */
  default Optional<String> aliasRunId(String modelName, String alias) {
    throw unsupported("aliases");
  }

  /**
   * Moves an alias and appends the {@link AliasEvent} recording who, when and why. A promotion to
   * the run the alias already names records nothing and returns the event that set it (safe to
   * retry). The run must be a registered version of the model.
   *
   * @throws IllegalArgumentException if the run is not a version of the model, or a rollback has
   *     no earlier run to return to; the message says what to do
   * @throws RegistryException if the registry cannot be written, or another writer moved the
   *     alias at the same moment (retry)
   */
  default AliasEvent moveAlias(AliasChange change) {
    throw unsupported("aliases");
  }

  /** Every recorded move of the alias, oldest first. */
  default List<AliasEvent> aliasEvents(String modelName, String alias) {
    throw unsupported("aliases");
  }

  // ---- Model Factory candidates ------------------------------------------------------------------

  /**
   * Publishes a candidate bundle: logs its run (marked {@code mbt.source=model_factory}, so {@code
   * run_id: latest} skips it), stores its manifest bytes and their digest, and creates a version of
   * {@code bundle.modelName()} tagged with the fingerprint, the manifest digest, {@code
   * mbt.candidate=true}, {@code mbt.source=model_factory} and the provenance ({@link
   * CandidateBundles#versionTags}). Never moves an alias: activation is {@code mbt registry
   * promote}'s job.
   *
   * <p>Idempotent by {@code bundleFingerprint}: at most one version per fingerprint and model, also
   * when publishers race (each adapter documents how). The outcome is {@link PublishOutcome}: a
   * bundle that breaks {@link CandidateBundles}' rules is REJECTED before anything is written.
   *
   * @throws RegistryUnavailableException if the registry could not be reached or written and no
   *     version was created: retry with backoff
   * @throws PublishOutcomeUnknownException if the call failed after the registry may have created
   *     the version: probe {@link #bundleStatus} before publishing again
   * @throws IllegalArgumentException if the model name is one the registry cannot store (the local
   *     registry's names are single path segments)
   * @throws RegistryException for anything else the registry refuses outright, e.g. a run id that
   *     another pipeline's run holds already
   */
  default PublishResult publishBundle(BundleToPublish bundle) {
    throw unsupported("publishing Model Factory bundles");
  }

  /**
   * The version holding bundle {@code bundleFingerprint} of {@code modelName}, if one was published
   * (read-only: the probe after {@link PublishOutcomeUnknownException}). Should a race have left two
   * versions with the fingerprint, the lowest, which publishing keeps.
   *
   * @throws RegistryUnavailableException if the registry cannot be read
   */
  default Optional<PublishedBundle> bundleStatus(String modelName, String bundleFingerprint) {
    throw unsupported("publishing Model Factory bundles");
  }

  private UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException("the '" + name() + "' model registry adapter does not support " + what);
  }

  /** Whether the registry is reachable and usable; {@code mbt debug} reports it. */
  default boolean healthCheck() {
    return true;
  }

  /** Releases connections; the default holds none. */
  @Override
  default void close() {}
}
