package io.mbt.compiler.spi;

import io.mbt.compiler.model.YamlEnum;

/** The kinds of adapter (the blueprint's entry-point groups, here {@link java.util.ServiceLoader} kinds). */
public enum AdapterKind implements YamlEnum {
  FRAMEWORK("frameworks"),
  DATA_CONNECTOR("data connectors"),
  OUTPUT_WRITER("output writers"),
  STORAGE("storage backends"),
  MODEL_REGISTRY("model registries"),
  EXPERIMENT_TRACKER("experiment trackers"),
  SECRETS("secrets providers"),
  ORCHESTRATOR("orchestrators"),
  EXECUTOR("executors"),
  FEATURE_SELECTION("feature selection methods"),
  NORMALIZATION("normalization methods"),
  ENCODING("encoding methods");

  private final String plural;

  AdapterKind(String plural) {
    this.plural = plural;
  }

  public String plural() {
    return plural;
  }

  /** "model registry", "data connector". */
  public String singular() {
    return plural.endsWith("ies") ? plural.substring(0, plural.length() - 3) + "y" : plural.substring(0, plural.length() - 1);
  }
}
