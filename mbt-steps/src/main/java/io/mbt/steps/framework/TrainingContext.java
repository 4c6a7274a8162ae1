package io.mbt.steps.framework;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.model.ProblemType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link FrameworkTrainer} needs besides the data.
 *
 * @param labelColumn the label column: a double; for classification the class index {@code 0 ..
 *     numClasses - 1}
 * @param featuresColumn the assembled features column, of Spark ML vector type
 * @param problemType what the model predicts
 * @param config the framework's parameters, snake_case keys as written in the pipeline YAML;
 *     unknown keys make {@link FrameworkTrainer#train} throw
 * @param seed the pipeline's seed, used unless {@code config} sets {@code seed}
 * @param numClasses 2 for binary classification, at least 3 for multiclass, 0 for regression
 */
public record TrainingContext(
    String labelColumn,
    String featuresColumn,
    ProblemType problemType,
    Map<String, Object> config,
    long seed,
    int numClasses) {

  public TrainingContext {
    requireNonNull(labelColumn, "labelColumn is null");
    requireNonNull(featuresColumn, "featuresColumn is null");
    requireNonNull(problemType, "problemType is null");
    requireNonNull(config, "config is null");
    // Not Map.copyOf: YAML may hold null values, which the trainer reports by key.
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    switch (problemType) {
      case BINARY_CLASSIFICATION -> {
        if (numClasses != 2) {
          throw new IllegalArgumentException(
              "numClasses must be 2 for binary_classification, but was: " + numClasses);
        }
      }
      case MULTICLASS_CLASSIFICATION -> {
        if (numClasses < 3) {
          throw new IllegalArgumentException(
              "numClasses must be >= 3 for multiclass_classification (use binary_classification"
                  + " for 2 classes), but was: " + numClasses);
        }
      }
      case REGRESSION -> {
        if (numClasses != 0) {
          throw new IllegalArgumentException(
              "numClasses must be 0 for regression, but was: " + numClasses);
        }
      }
    }
  }

  public static TrainingContext binary(
      String labelColumn, String featuresColumn, Map<String, Object> config, long seed) {
    return new TrainingContext(
        labelColumn, featuresColumn, ProblemType.BINARY_CLASSIFICATION, config, seed, 2);
  }

  public static TrainingContext multiclass(
      String labelColumn, String featuresColumn, int numClasses, Map<String, Object> config,
      long seed) {
    return new TrainingContext(
        labelColumn, featuresColumn, ProblemType.MULTICLASS_CLASSIFICATION, config, seed,
        numClasses);
  }

  public static TrainingContext regression(
      String labelColumn, String featuresColumn, Map<String, Object> config, long seed) {
    return new TrainingContext(
        labelColumn, featuresColumn, ProblemType.REGRESSION, config, seed, 0);
  }

  /** This context with another framework config. */
  public TrainingContext withConfig(Map<String, Object> newConfig) {
    return new TrainingContext(
        labelColumn, featuresColumn, problemType, newConfig, seed, numClasses);
  }
}
