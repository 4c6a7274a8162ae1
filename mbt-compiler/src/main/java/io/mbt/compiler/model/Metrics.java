package io.mbt.compiler.model;

import java.util.List;

/** The evaluation metrics MBT computes for each problem type, and their defaults. */
public final class Metrics {
  private Metrics() {}

  public static List<String> supported(ProblemType type) {
    return switch (type) {
      case BINARY_CLASSIFICATION -> List.of("roc_auc", "pr_auc", "accuracy", "f1", "precision", "recall", "log_loss");
      case MULTICLASS_CLASSIFICATION -> List.of("accuracy", "f1", "weighted_precision", "weighted_recall", "log_loss");
      case REGRESSION -> List.of("rmse", "mae", "r2", "mse");
    };
  }

  public static String defaultPrimary(ProblemType type) {
    return switch (type) {
      case BINARY_CLASSIFICATION -> "roc_auc";
      case MULTICLASS_CLASSIFICATION -> "f1";
      case REGRESSION -> "rmse";
    };
  }

  /** Metrics where a smaller value is better. */
  public static boolean lowerIsBetter(String metric) {
    return List.of("rmse", "mae", "mse", "log_loss").contains(metric);
  }
}
