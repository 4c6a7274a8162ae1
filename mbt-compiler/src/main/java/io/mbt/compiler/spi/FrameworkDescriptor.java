package io.mbt.compiler.spi;

import io.mbt.compiler.model.ProblemType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A model training framework (xgboost, mllib_*, automl, or a third-party one). */
public interface FrameworkDescriptor extends AdapterDescriptor {
  @Override
  default AdapterKind kind() {
    return AdapterKind.FRAMEWORK;
  }

  Set<ProblemType> supportedProblemTypes();

  /**
   * Dry-run validation of {@code model_training.config} for a problem type: unknown parameter
   * names (with suggestions), wrong types, bad ranges, metrics that do not fit the problem type.
   */
  List<ConfigIssue> validateConfig(Map<String, Object> config, ProblemType problemType);

  @Override
  default List<ConfigIssue> validateConfig(Map<String, Object> config) {
    return validateConfig(config, supportedProblemTypes().iterator().next());
  }
}
