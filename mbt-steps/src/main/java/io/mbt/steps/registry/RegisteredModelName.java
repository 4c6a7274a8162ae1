package io.mbt.steps.registry;

import java.util.Map;
import java.util.Optional;

/**
 * The registered model a run is versioned under and its aliases live in: the registry config's
 * {@code registered_model_name}, else the project's {@code experiment_name}, else the pipeline's
 * name. Training ({@code log_run}) and serving ({@code alias:}) derive it the same way, so a
 * serving pipeline finds the champion its experiment's training pipelines compete for.
 */
public final class RegisteredModelName {
  public static final String CONFIG_KEY = "registered_model_name";

  private RegisteredModelName() {}

  public static String of(Map<String, Object> registryConfig, Optional<String> experiment, String pipeline) {
    Object configured = registryConfig.get(CONFIG_KEY);
    if (configured instanceof String name && !name.isBlank()) {
      return name.strip();
    }
    return experiment.filter(e -> !e.isBlank()).map(String::strip).orElse(pipeline);
  }
}
