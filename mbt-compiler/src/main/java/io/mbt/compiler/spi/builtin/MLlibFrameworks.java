package io.mbt.compiler.spi.builtin;

import static io.mbt.compiler.spi.ParamSpec.Type.BOOLEAN;
import static io.mbt.compiler.spi.ParamSpec.Type.DOUBLE;
import static io.mbt.compiler.spi.ParamSpec.Type.INT;
import static io.mbt.compiler.spi.ParamSpec.Type.STRING;

import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.spi.ConfigIssue;
import io.mbt.compiler.spi.ParamCatalog;
import io.mbt.compiler.spi.ParamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Spark MLlib frameworks; config keys are Spark ML param names in snake_case. */
public final class MLlibFrameworks {
  private MLlibFrameworks() {}

  static List<ParamSpec> treeParams() {
    return List.of(
        ParamSpec.of("max_depth", INT, "maximum tree depth, 0 to 30").atLeast(0).atMost(30),
        ParamSpec.of("max_bins", INT, "bins for continuous features, >= 2").atLeast(2),
        ParamSpec.of("min_instances_per_node", INT, "minimum rows in each child, >= 1").atLeast(1),
        ParamSpec.of("min_weight_fraction_per_node", DOUBLE, "minimum weight share in each child, in [0, 0.5)").atLeast(0).atMost(0.499),
        ParamSpec.of("min_info_gain", DOUBLE, "minimum information gain to split, >= 0").atLeast(0),
        ParamSpec.of("subsampling_rate", DOUBLE, "row sampling ratio per tree, in (0, 1]").above(0).atMost(1),
        ParamSpec.of("feature_subset_strategy", STRING, "features considered per split: auto, all, onethird, sqrt, log2, or a number"),
        ParamSpec.of("cache_node_ids", BOOLEAN, "cache node ids per row (faster deep trees)"),
        ParamSpec.of("checkpoint_interval", INT, "checkpoint every N iterations (-1 disables)").atLeast(-1),
        ParamSpec.of("seed", INT, "random seed"));
  }

  static List<ConfigIssue> featureSubset(Map<String, Object> config) {
    Object value = config.get("feature_subset_strategy");
    if (value == null) {
      return List.of();
    }
    String s = String.valueOf(value);
    if (List.of("auto", "all", "onethird", "sqrt", "log2").contains(s) || s.matches("\\d+|0?\\.\\d+|1\\.0")) {
      return List.of();
    }
    return List.of(new ConfigIssue("feature_subset_strategy", "'" + s + "' is not a valid feature_subset_strategy",
        "use auto, all, onethird, sqrt, log2, an integer count, or a fraction in (0, 1]"));
  }

  /** {@code framework: mllib_gbt} — gradient-boosted trees (binary classification or regression). */
  public static final class Gbt extends CatalogFramework {
    public Gbt() {
      super("mllib_gbt", "io.mbt.steps.framework.builtin.GbtTrainer", Set.of(ProblemType.BINARY_CLASSIFICATION, ProblemType.REGRESSION),
          "Spark MLlib gradient-boosted trees");
    }

    @Override
    ParamCatalog catalog(ProblemType problemType) {
      List<ParamSpec> params = new ArrayList<>(treeParams());
      params.add(ParamSpec.of("max_iter", INT, "boosting iterations, >= 1").atLeast(1));
      params.add(ParamSpec.of("step_size", DOUBLE, "learning rate, in (0, 1]").above(0).atMost(1));
      params.add(ParamSpec.of("validation_tol", DOUBLE, "tolerance for early stopping on validation, >= 0").atLeast(0));
      params.add(problemType == ProblemType.REGRESSION
          ? ParamSpec.of("loss_type", STRING, "loss to minimize").oneOf("squared", "absolute")
          : ParamSpec.of("loss_type", STRING, "loss to minimize").oneOf("logistic"));
      params.add(ParamSpec.of("impurity", STRING, "split criterion").oneOf("variance"));
      return new ParamCatalog(params);
    }

    @Override
    List<ConfigIssue> crossChecks(Map<String, Object> config, ProblemType problemType) {
      return featureSubset(config);
    }
  }

  /** {@code framework: mllib_random_forest}. */
  public static final class RandomForest extends CatalogFramework {
    public RandomForest() {
      super("mllib_random_forest", "io.mbt.steps.framework.builtin.RandomForestTrainer",
          Set.of(ProblemType.BINARY_CLASSIFICATION, ProblemType.MULTICLASS_CLASSIFICATION, ProblemType.REGRESSION),
          "Spark MLlib random forest");
    }

    @Override
    ParamCatalog catalog(ProblemType problemType) {
      List<ParamSpec> params = new ArrayList<>(treeParams());
      params.add(ParamSpec.of("num_trees", INT, "number of trees, >= 1").atLeast(1));
      params.add(ParamSpec.of("bootstrap", BOOLEAN, "sample rows with replacement"));
      params.add(problemType == ProblemType.REGRESSION
          ? ParamSpec.of("impurity", STRING, "split criterion").oneOf("variance")
          : ParamSpec.of("impurity", STRING, "split criterion").oneOf("gini", "entropy"));
      return new ParamCatalog(params);
    }

    @Override
    List<ConfigIssue> crossChecks(Map<String, Object> config, ProblemType problemType) {
      return featureSubset(config);
    }
  }

  static List<ParamSpec> linearParams() {
    return List.of(
        ParamSpec.of("max_iter", INT, "optimizer iterations, >= 0").atLeast(0),
        ParamSpec.of("reg_param", DOUBLE, "regularization strength, >= 0").atLeast(0),
        ParamSpec.of("elastic_net_param", DOUBLE, "L1 share of the penalty, in [0, 1]").atLeast(0).atMost(1),
        ParamSpec.of("tol", DOUBLE, "convergence tolerance, >= 0").atLeast(0),
        ParamSpec.of("fit_intercept", BOOLEAN, "fit an intercept term"),
        ParamSpec.of("standardization", BOOLEAN, "standardize features before fitting"),
        ParamSpec.of("aggregation_depth", INT, "treeAggregate depth, >= 2").atLeast(2),
        ParamSpec.of("max_block_size_in_mb", DOUBLE, "block size for stacking rows, >= 0").atLeast(0));
  }

  /** {@code framework: mllib_logistic_regression} (binomial or multinomial). */
  public static final class LogisticRegression extends CatalogFramework {
    public LogisticRegression() {
      super("mllib_logistic_regression", "io.mbt.steps.framework.builtin.LogisticRegressionTrainer",
          Set.of(ProblemType.BINARY_CLASSIFICATION, ProblemType.MULTICLASS_CLASSIFICATION), "Spark MLlib logistic regression");
    }

    @Override
    ParamCatalog catalog(ProblemType problemType) {
      List<ParamSpec> params = new ArrayList<>(linearParams());
      params.add(ParamSpec.of("family", STRING, "label distribution").oneOf("auto", "binomial", "multinomial"));
      params.add(ParamSpec.of("threshold", DOUBLE, "binary decision threshold, in [0, 1]").atLeast(0).atMost(1));
      return new ParamCatalog(params);
    }

    @Override
    List<ConfigIssue> crossChecks(Map<String, Object> config, ProblemType problemType) {
      if (problemType == ProblemType.MULTICLASS_CLASSIFICATION && "binomial".equals(config.get("family"))) {
        return List.of(new ConfigIssue("family", "family 'binomial' cannot fit a multiclass problem", "use family: multinomial (or auto)"));
      }
      return List.of();
    }
  }

  /** {@code framework: mllib_linear_regression}. */
  public static final class LinearRegression extends CatalogFramework {
    public LinearRegression() {
      super("mllib_linear_regression", "io.mbt.steps.framework.builtin.LinearRegressionTrainer", Set.of(ProblemType.REGRESSION),
          "Spark MLlib linear regression");
    }

    @Override
    ParamCatalog catalog(ProblemType problemType) {
      List<ParamSpec> params = new ArrayList<>(linearParams());
      params.add(ParamSpec.of("solver", STRING, "optimizer").oneOf("auto", "normal", "l-bfgs"));
      params.add(ParamSpec.of("loss", STRING, "loss function").oneOf("squaredError", "huber"));
      params.add(ParamSpec.of("epsilon", DOUBLE, "huber robustness, > 1").above(1));
      return new ParamCatalog(params);
    }

    @Override
    List<ConfigIssue> crossChecks(Map<String, Object> config, ProblemType problemType) {
      if ("huber".equals(config.get("loss")) && config.containsKey("elastic_net_param")
          && ((Number) config.get("elastic_net_param")).doubleValue() > 0) {
        return List.of(new ConfigIssue("elastic_net_param", "huber loss supports only L2 regularization (elastic_net_param 0)",
            "remove elastic_net_param or use loss: squaredError"));
      }
      return List.of();
    }
  }
}
