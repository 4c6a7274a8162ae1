package io.mbt.compiler.model;

import java.util.Map;

/** {@code training.model_training}: the framework adapter, its pass-through config, and resources. */
public record ModelTrainingSpec(String framework, Map<String, Object> config, Resources resources) {
  public ModelTrainingSpec {
    config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
  }
}
