package io.mbt.steps.framework.automl;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A model family AutoML searches, and the framework that trains it. */
enum Family {
  XGBOOST("xgboost", "xgboost"),
  GBT("gbt", "mllib_gbt"),
  RANDOM_FOREST("random_forest", "mllib_random_forest"),
  LOGISTIC_REGRESSION("logistic_regression", "mllib_logistic_regression"),
  LINEAR_REGRESSION("linear_regression", "mllib_linear_regression");

  private final String yamlName;
  private final String framework;

  Family(String yamlName, String framework) {
    this.yamlName = yamlName;
    this.framework = framework;
  }

  /** The name used in {@code include_algos} / {@code exclude_algos}. */
  String yamlName() {
    return yamlName;
  }

  /** The {@link io.mbt.steps.framework.FrameworkTrainer} name that trains this family. */
  String framework() {
    return framework;
  }

  /** XGBoost trains as a barrier stage over every task slot, so it runs alone. */
  boolean usesAllTaskSlots() {
    return this == XGBOOST;
  }

  static Family of(String yamlName) {
    for (Family family : values()) {
      if (family.yamlName.equals(yamlName)) {
        return family;
      }
    }
    throw new IllegalArgumentException(
        "unknown model family '" + yamlName + "'; known: "
            + Arrays.stream(values()).map(Family::yamlName).collect(Collectors.joining(", ")));
  }
}
