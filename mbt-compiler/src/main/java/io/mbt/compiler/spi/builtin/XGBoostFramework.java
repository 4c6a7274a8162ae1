package io.mbt.compiler.spi.builtin;

import static io.mbt.compiler.spi.ParamSpec.Type.BOOLEAN;
import static io.mbt.compiler.spi.ParamSpec.Type.DOUBLE;
import static io.mbt.compiler.spi.ParamSpec.Type.INT;
import static io.mbt.compiler.spi.ParamSpec.Type.STRING;

import io.mbt.compiler.error.Suggestions;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.spi.ConfigIssue;
import io.mbt.compiler.spi.ParamCatalog;
import io.mbt.compiler.spi.ParamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code framework: xgboost} — distributed XGBoost (xgboost4j-spark), with XGBoost's own parameter names. */
public final class XGBoostFramework extends CatalogFramework {
  static final Map<ProblemType, List<String>> OBJECTIVES = Map.of(
      ProblemType.BINARY_CLASSIFICATION, List.of("binary:logistic", "binary:logitraw", "binary:hinge"),
      ProblemType.MULTICLASS_CLASSIFICATION, List.of("multi:softprob", "multi:softmax"),
      ProblemType.REGRESSION, List.of("reg:squarederror", "reg:squaredlogerror", "reg:absoluteerror", "reg:pseudohubererror",
          "reg:quantileerror", "count:poisson", "reg:gamma", "reg:tweedie"));
  static final Map<ProblemType, List<String>> EVAL_METRICS = Map.of(
      ProblemType.BINARY_CLASSIFICATION, List.of("auc", "aucpr", "logloss", "error"),
      ProblemType.MULTICLASS_CLASSIFICATION, List.of("mlogloss", "merror", "auc"),
      ProblemType.REGRESSION, List.of("rmse", "rmsle", "mae", "mape", "mphe", "poisson-nloglik", "gamma-nloglik", "tweedie-nloglik"));

  public XGBoostFramework() {
    super("xgboost", "io.mbt.steps.framework.builtin.XGBoostTrainer",
        Set.of(ProblemType.BINARY_CLASSIFICATION, ProblemType.MULTICLASS_CLASSIFICATION, ProblemType.REGRESSION),
        "Distributed XGBoost on Spark (xgboost4j-spark)");
  }

  @Override
  ParamCatalog catalog(ProblemType problemType) {
    List<ParamSpec> params = new ArrayList<>(List.of(
        ParamSpec.of("n_estimators", INT, "number of boosting rounds").atLeast(1).alias("num_round", "num_boost_round"),
        ParamSpec.of("max_depth", INT, "maximum tree depth (0 = no limit with hist)").atLeast(0),
        ParamSpec.of("learning_rate", DOUBLE, "shrinkage per round, in (0, 1]").above(0).atMost(1).alias("eta"),
        ParamSpec.of("subsample", DOUBLE, "row sampling ratio per tree, in (0, 1]").above(0).atMost(1),
        ParamSpec.of("colsample_bytree", DOUBLE, "column sampling ratio per tree, in (0, 1]").above(0).atMost(1),
        ParamSpec.of("colsample_bylevel", DOUBLE, "column sampling ratio per level, in (0, 1]").above(0).atMost(1),
        ParamSpec.of("colsample_bynode", DOUBLE, "column sampling ratio per split, in (0, 1]").above(0).atMost(1),
        ParamSpec.of("min_child_weight", DOUBLE, "minimum hessian weight in a child, >= 0").atLeast(0),
        ParamSpec.of("gamma", DOUBLE, "minimum loss reduction to split, >= 0").atLeast(0).alias("min_split_loss"),
        ParamSpec.of("reg_lambda", DOUBLE, "L2 regularization, >= 0").atLeast(0).alias("lambda"),
        ParamSpec.of("reg_alpha", DOUBLE, "L1 regularization, >= 0").atLeast(0).alias("alpha"),
        ParamSpec.of("max_delta_step", DOUBLE, "maximum delta step per leaf, >= 0").atLeast(0),
        ParamSpec.of("tree_method", STRING, "tree construction algorithm").oneOf("auto", "exact", "approx", "hist"),
        ParamSpec.of("grow_policy", STRING, "how new nodes are added").oneOf("depthwise", "lossguide"),
        ParamSpec.of("max_leaves", INT, "maximum leaves per tree (0 = no limit)").atLeast(0),
        ParamSpec.of("max_bin", INT, "histogram bins per feature, >= 2").atLeast(2),
        ParamSpec.of("objective", STRING, "learning objective; must fit the problem type"),
        ParamSpec.of("eval_metric", STRING, "metric watched during training; must fit the problem type"),
        ParamSpec.of("seed", INT, "random seed for reproducible training").alias("random_state"),
        ParamSpec.of("num_workers", INT, "Spark tasks that train together (a barrier stage: needs that many free task slots)").atLeast(1),
        ParamSpec.of("nthread", INT, "threads per worker task").atLeast(1),
        ParamSpec.of("missing", DOUBLE, "value treated as missing"),
        ParamSpec.of("early_stopping_rounds", INT, "stop when the validation metric has not improved for this many rounds").atLeast(1),
        ParamSpec.of("validation_fraction", DOUBLE, "share of the train set held out for early stopping, in (0, 0.5]").above(0).atMost(0.5),
        ParamSpec.of("device", STRING, "cpu, or cuda on GPU clusters").oneOf("cpu", "cuda", "gpu"),
        ParamSpec.of("verbosity", INT, "0 (silent) to 3 (debug)").atLeast(0).atMost(3),
        ParamSpec.of("use_external_memory", BOOLEAN, "spill the quantile matrix to disk for data larger than memory")));
    if (problemType == ProblemType.BINARY_CLASSIFICATION) {
      params.add(ParamSpec.of("scale_pos_weight", DOUBLE, "weight of positive examples, > 0 (sum(negative) / sum(positive) is typical)").above(0));
    }
    return new ParamCatalog(params);
  }

  @Override
  List<ConfigIssue> crossChecks(Map<String, Object> config, ProblemType problemType) {
    List<ConfigIssue> issues = new ArrayList<>();
    checkOne(config, "objective", OBJECTIVES.get(problemType), problemType, issues);
    checkOne(config, "eval_metric", EVAL_METRICS.get(problemType), problemType, issues);
    return issues;
  }

  private static void checkOne(Map<String, Object> config, String key, List<String> valid, ProblemType type, List<ConfigIssue> issues) {
    Object value = config.get(key);
    if (value != null && !valid.contains(String.valueOf(value))) {
      issues.add(new ConfigIssue(key, key + " '" + value + "' does not fit " + type.yamlName() + Suggestions.didYouMean(String.valueOf(value), valid),
          "use one of: " + String.join(", ", valid) + " (or leave it out for the default)"));
    }
  }
}
