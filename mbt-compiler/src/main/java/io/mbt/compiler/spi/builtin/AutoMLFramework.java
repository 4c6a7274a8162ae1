package io.mbt.compiler.spi.builtin;

import static io.mbt.compiler.spi.ParamSpec.Type.BOOLEAN;
import static io.mbt.compiler.spi.ParamSpec.Type.DOUBLE;
import static io.mbt.compiler.spi.ParamSpec.Type.INT;
import static io.mbt.compiler.spi.ParamSpec.Type.STRING;
import static io.mbt.compiler.spi.ParamSpec.Type.STRING_LIST;

import io.mbt.compiler.error.Suggestions;
import io.mbt.compiler.model.Metrics;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.spi.ConfigIssue;
import io.mbt.compiler.spi.ParamCatalog;
import io.mbt.compiler.spi.ParamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code framework: automl} — a Spark-native search over XGBoost and MLlib families and their
 * hyperparameters with cross-validation, bounded by time and model count, ranked by a metric.
 */
public final class AutoMLFramework extends CatalogFramework {
  /** The model families the search can try. */
  public static final List<String> ALGORITHMS = List.of("xgboost", "gbt", "random_forest", "logistic_regression", "linear_regression");
  /** H2O-style metric names accepted as aliases of MBT's. */
  private static final Map<String, String> METRIC_ALIASES = Map.of(
      "auc", "roc_auc", "aucpr", "pr_auc", "logloss", "log_loss", "mean_per_class_error", "accuracy", "deviance", "mse");

  public AutoMLFramework() {
    super("automl", "io.mbt.steps.framework.automl.AutoMLTrainer",
        Set.of(ProblemType.BINARY_CLASSIFICATION, ProblemType.MULTICLASS_CLASSIFICATION, ProblemType.REGRESSION),
        "Spark-native AutoML: cross-validated search over XGBoost and MLlib models");
  }

  @Override
  ParamCatalog catalog(ProblemType problemType) {
    return ParamCatalog.of(
        ParamSpec.of("max_runtime_secs", DOUBLE, "time budget of the whole search in seconds, > 0").above(0),
        ParamSpec.of("max_models", INT, "maximum candidate models to train, >= 1").atLeast(1),
        ParamSpec.of("sort_metric", STRING, "metric that ranks the leaderboard; must fit the problem type"),
        ParamSpec.of("seed", INT, "random seed; the same seed and data give the same leaderboard"),
        ParamSpec.of("nfolds", INT, "cross-validation folds, >= 2").atLeast(2).atMost(20),
        ParamSpec.of("include_algos", STRING_LIST, "model families to try").oneOf(ALGORITHMS.toArray(String[]::new)),
        ParamSpec.of("exclude_algos", STRING_LIST, "model families to skip").oneOf(ALGORITHMS.toArray(String[]::new)),
        ParamSpec.of("parallelism", INT, "candidate models trained at the same time, >= 1").atLeast(1),
        ParamSpec.of("keep_cross_validation_predictions", BOOLEAN, "keep out-of-fold predictions in the leaderboard artifact"));
  }

  @Override
  List<ConfigIssue> crossChecks(Map<String, Object> config, ProblemType problemType) {
    List<ConfigIssue> issues = new ArrayList<>();
    Object metric = config.get("sort_metric");
    if (metric != null && normalizeMetric(String.valueOf(metric), problemType).isEmpty()) {
      List<String> valid = Metrics.supported(problemType);
      issues.add(new ConfigIssue("sort_metric", "sort_metric '" + metric + "' is not valid for " + problemType.yamlName()
          + Suggestions.didYouMean(String.valueOf(metric), valid), "use one of: " + String.join(", ", valid)));
    }
    List<String> algos = algorithms(config, problemType);
    if (algos.isEmpty()) {
      issues.add(new ConfigIssue(config.containsKey("include_algos") ? "include_algos" : "exclude_algos",
          "no model family is left to try for " + problemType.yamlName(), "allow at least one of: " + String.join(", ", applicable(problemType))));
    }
    return issues;
  }

  /** The MBT metric name for {@code metric} (accepting H2O names like AUC), if it fits the problem type. */
  public static Optional<String> normalizeMetric(String metric, ProblemType problemType) {
    String lower = metric.toLowerCase(Locale.ROOT);
    String canonical = METRIC_ALIASES.getOrDefault(lower, lower);
    return Metrics.supported(problemType).contains(canonical) ? Optional.of(canonical) : Optional.empty();
  }

  /** Families that apply to a problem type. */
  public static List<String> applicable(ProblemType type) {
    return switch (type) {
      case BINARY_CLASSIFICATION -> List.of("xgboost", "gbt", "random_forest", "logistic_regression");
      case MULTICLASS_CLASSIFICATION -> List.of("xgboost", "random_forest", "logistic_regression");
      case REGRESSION -> List.of("xgboost", "gbt", "random_forest", "linear_regression");
    };
  }

  /** The families a config asks to try, in search order. */
  public static List<String> algorithms(Map<String, Object> config, ProblemType type) {
    List<String> out = new ArrayList<>(applicable(type));
    if (config.get("include_algos") instanceof List<?> include) {
      out.retainAll(include.stream().map(String::valueOf).toList());
    }
    if (config.get("exclude_algos") instanceof List<?> exclude) {
      out.removeAll(exclude.stream().map(String::valueOf).toList());
    }
    return out;
  }
}
