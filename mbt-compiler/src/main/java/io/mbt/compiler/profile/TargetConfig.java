package io.mbt.compiler.profile;

import io.mbt.compiler.model.Resources;
import java.util.Map;
import java.util.Optional;

/**
 * One resolved target of a profile: profile-wide sections with the target's overrides applied,
 * templates rendered, secrets still references.
 */
public record TargetConfig(
    String profile,
    String name,
    AdapterRef executor,
    AdapterRef storage,
    AdapterRef dataConnector,
    AdapterRef modelRegistry,
    AdapterRef secrets,
    Optional<AdapterRef> orchestrator,
    Resources resources,
    SparkSettings spark,
    Map<String, Object> observability,
    MfSettings mf) {

  public TargetConfig {
    observability = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(observability));
    mf = mf == null ? MfSettings.defaults() : mf; // manifests compiled before the mf section existed
  }

  /** A target without an {@code mf:} section (the Model Factory's defaults). */
  public TargetConfig(String profile, String name, AdapterRef executor, AdapterRef storage, AdapterRef dataConnector, AdapterRef modelRegistry,
      AdapterRef secrets, Optional<AdapterRef> orchestrator, Resources resources, SparkSettings spark, Map<String, Object> observability) {
    this(profile, name, executor, storage, dataConnector, modelRegistry, secrets, orchestrator, resources, spark, observability,
        MfSettings.defaults());
  }

  /** {@code spark:} — master for runs without spark-submit, and extra Spark configuration. */
  public record SparkSettings(Optional<String> master, Map<String, String> conf) {
    public SparkSettings {
      conf = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(conf));
    }

    public static SparkSettings defaults() {
      return new SparkSettings(Optional.empty(), Map.of());
    }
  }
}
