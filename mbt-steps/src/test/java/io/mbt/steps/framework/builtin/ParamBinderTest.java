package io.mbt.steps.framework.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.model.ProblemType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.junit.jupiter.api.Test;

class ParamBinderTest {
  private static final Set<String> COLUMNS = Set.of("labelCol", "featuresCol");

  @Test
  void snakeCaseKeysSetCamelCaseSparkParamsConvertingYamlValues() {
    GBTClassifier gbt = new GBTClassifier();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("max_iter", 7.0);
    config.put("step_size", 1);
    config.put("subsampling_rate", "0.5");
    config.put("feature_subset_strategy", 0.5);
    config.put("seed", 42);
    config.put("cache_node_ids", true);

    binder("mllib_gbt", gbt).bind(config);

    assertThat(gbt.getMaxIter()).isEqualTo(7);
    assertThat(gbt.getStepSize()).isEqualTo(1.0);
    assertThat(gbt.getSubsamplingRate()).isEqualTo(0.5);
    assertThat(gbt.getFeatureSubsetStrategy()).isEqualTo("0.5");
    assertThat(gbt.getSeed()).isEqualTo(42L);
    assertThat(gbt.getCacheNodeIds()).isTrue();
  }

  @Test
  void xgboostNativeNamesAndAliasesSetTheirParams() {
    XGBoostClassifier xgb = new XGBoostClassifier();

    ParamBinder.forParams(
            "xgboost", xgb, Map.of("learning_rate", "eta", "n_estimators", "num_round"), COLUMNS,
            Set.of(), Set.of())
        .bind(Map.of("learning_rate", 0.05, "n_estimators", 30, "colsample_bytree", 0.8,
            "tree_method", "hist", "num_workers", 2));

    assertThat(xgb.getEta()).isEqualTo(0.05);
    assertThat(xgb.getNumRound()).isEqualTo(30);
    assertThat(xgb.getColsampleBytree()).isEqualTo(0.8);
    assertThat(xgb.getTreeMethod()).isEqualTo("hist");
    assertThat(xgb.getNumWorkers()).isEqualTo(2);
  }

  @Test
  void unknownKeyErrorSuggestsTheClosestAndListsValidKeys() {
    assertThatThrownBy(() -> binder("mllib_gbt", new GBTClassifier())
            .bind(Map.of("max_depht", 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "mllib_gbt: unknown parameter 'max_depht' (did you mean 'max_depth'?); valid"
                + " parameters: [cache_node_ids, checkpoint_interval, feature_subset_strategy,")
        .hasMessageContaining("max_iter, ")
        .hasMessageNotContaining("label_col");
  }

  @Test
  void unknownKeyFarFromEveryValidOneGetsNoSuggestion() {
    assertThatThrownBy(() -> binder("mllib_gbt", new GBTClassifier())
            .bind(Map.of("colour", "blue")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("mllib_gbt: unknown parameter 'colour'; valid parameters: [");
  }

  @Test
  void keysHandledOutsideTheBinderAreListedAndSuggested() {
    assertThatThrownBy(() -> ParamBinder.forParams("xgboost", new XGBoostClassifier(), Map.of(),
            COLUMNS, Set.of(), Set.of("validation_fraction"))
        .bind(Map.of("validation_fractoin", 0.2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("xgboost: unknown parameter 'validation_fractoin' (did you mean"
            + " 'validation_fraction'?)");
  }

  @Test
  void camelCaseKeysAreNotAccepted() {
    assertThatThrownBy(() -> binder("mllib_gbt", new GBTClassifier())
            .bind(Map.of("maxIter", 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "mllib_gbt: unknown parameter 'maxIter' (did you mean 'max_iter'?)");
  }

  @Test
  void reservedParamsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> binder("mllib_gbt", new GBTClassifier())
            .bind(Map.of("label_col", "target")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "mllib_gbt: parameter 'label_col' is set by MBT from the pipeline (label, features"
                + " and output columns, number of classes); remove it from the framework config");
  }

  @Test
  void aliasAndNameOfTheSameParamTogetherAreRefused() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("eta", 0.1);
    config.put("learning_rate", 0.2);

    assertThatThrownBy(() -> ParamBinder.forParams(
            "xgboost", new XGBoostClassifier(), Map.of("learning_rate", "eta"), COLUMNS,
            Set.of(), Set.of())
        .bind(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("xgboost: parameters 'eta' and 'learning_rate' set the same thing; keep only"
            + " one of them");
  }

  @Test
  void valueOfTheWrongTypeIsRefusedNamingTheExpectedType() {
    GBTClassifier gbt = new GBTClassifier();

    assertThatThrownBy(() -> binder("mllib_gbt", gbt).bind(Map.of("max_iter", 2.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mllib_gbt: parameter 'max_iter' must be an integer, but was: 2.5 (Double)");
    assertThatThrownBy(() -> binder("mllib_gbt", gbt).bind(Map.of("step_size", "fast")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mllib_gbt: parameter 'step_size' must be a number, but was: 'fast'");
    assertThatThrownBy(() -> binder("mllib_gbt", gbt).bind(Map.of("cache_node_ids", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mllib_gbt: parameter 'cache_node_ids' must be true or false, but was: 'yes'");
    Map<String, Object> nullValue = new HashMap<>();
    nullValue.put("max_depth", null);
    assertThatThrownBy(() -> binder("mllib_gbt", gbt).bind(nullValue))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mllib_gbt: parameter 'max_depth' must be an integer, but was: null");
  }

  @Test
  void valueOutOfRangeIsRefusedWithTheParamsOwnDescription() {
    assertThatThrownBy(() -> binder("mllib_gbt", new GBTClassifier())
            .bind(Map.of("subsampling_rate", 1.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mllib_gbt: parameter 'subsampling_rate' = 1.5 is out of range. Fraction of"
            + " the training data used for learning each decision tree, in range (0, 1].");
  }

  @Test
  void noParamIsSetWhenAnyKeyIsInvalid() {
    GBTClassifier gbt = new GBTClassifier();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("max_iter", 3);
    config.put("max_depht", 3);

    assertThatThrownBy(() -> binder("mllib_gbt", gbt).bind(config))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(gbt.isSet(gbt.maxIter())).isFalse();
  }

  @Test
  void hiddenAndNonPlainParamsAreNotKeys() {
    ParamBinder logistic = ParamBinder.forParams(
        "mllib_logistic_regression", new LogisticRegression(), Map.of(), COLUMNS,
        Set.of("lowerBoundsOnCoefficients"), Set.of());
    ParamBinder xgboost = ParamBinder.forParams(
        "xgboost", new XGBoostClassifier(), Map.of(), COLUMNS, Set.of(), Set.of());

    assertThat(logistic.keys()).contains("upper_bounds_on_coefficients")
        .doesNotContain("lower_bounds_on_coefficients", "label_col", "features_col");
    assertThat(xgboost.keys()).doesNotContain("custom_obj", "custom_eval");
  }

  @Test
  void everyDocumentedXGBoostKeyIsAccepted() {
    assertThat(new XGBoostTrainer().parameterNames(ProblemType.BINARY_CLASSIFICATION))
        .containsAll(List.of(
            "n_estimators", "num_round", "max_depth", "learning_rate", "eta", "subsample",
            "colsample_bytree", "min_child_weight", "gamma", "reg_lambda", "lambda",
            "reg_alpha", "alpha", "tree_method", "objective", "eval_metric", "seed",
            "num_workers", "nthread", "scale_pos_weight", "max_bin", "max_bins",
            "num_early_stopping_rounds", "missing"))
        .doesNotContain("num_class", "label_col", "features_col", "prediction_col");
  }

  @Test
  void everyDocumentedSparkKeyIsAcceptedByItsFramework() {
    assertThat(new GbtTrainer().parameterNames(ProblemType.BINARY_CLASSIFICATION))
        .containsAll(List.of("max_iter", "max_depth", "step_size", "subsampling_rate",
            "feature_subset_strategy", "max_bins", "min_instances_per_node", "seed"));
    assertThat(new RandomForestTrainer().parameterNames(ProblemType.REGRESSION))
        .containsAll(List.of("num_trees", "max_depth", "subsampling_rate",
            "feature_subset_strategy", "max_bins", "min_instances_per_node", "seed",
            "bootstrap"));
    assertThat(new LogisticRegressionTrainer().parameterNames(
            ProblemType.MULTICLASS_CLASSIFICATION))
        .containsAll(List.of("max_iter", "reg_param", "elastic_net_param", "fit_intercept",
            "standardization", "family", "threshold", "tol"));
    assertThat(new LinearRegressionTrainer().parameterNames(ProblemType.REGRESSION))
        .containsAll(List.of("max_iter", "reg_param", "elastic_net_param", "fit_intercept",
            "standardization", "solver", "loss"));
  }

  @Test
  void snakeCaseOfSparkNames() {
    assertThat(ParamBinder.snakeCase("maxIter")).isEqualTo("max_iter");
    assertThat(ParamBinder.snakeCase("minInstancesPerNode")).isEqualTo("min_instances_per_node");
    assertThat(ParamBinder.snakeCase("colsample_bytree")).isEqualTo("colsample_bytree");
    assertThat(ParamBinder.snakeCase("maxBlockSizeInMB")).isEqualTo("max_block_size_in_mb");
    assertThat(ParamBinder.snakeCase("HTTPServerPort")).isEqualTo("http_server_port");
  }

  /**
   * The keys mbt-compiler's framework catalogs (io.mbt.compiler.spi.builtin) accept when this was
   * written: a pipeline that compiles must not fail here on an unknown key. Update with the
   * catalogs.
   */
  @Test
  void acceptsEveryKeyTheCompilersFrameworkCatalogsAccept() {
    List<String> tree = List.of("max_depth", "max_bins", "min_instances_per_node",
        "min_weight_fraction_per_node", "min_info_gain", "subsampling_rate",
        "feature_subset_strategy", "cache_node_ids", "checkpoint_interval", "seed");
    List<String> linear = List.of("max_iter", "reg_param", "elastic_net_param", "tol",
        "fit_intercept", "standardization", "aggregation_depth", "max_block_size_in_mb");
    List<String> xgboost = List.of("n_estimators", "num_round", "num_boost_round", "max_depth",
        "learning_rate", "eta", "subsample", "colsample_bytree", "colsample_bylevel",
        "colsample_bynode", "min_child_weight", "gamma", "min_split_loss", "reg_lambda", "lambda",
        "reg_alpha", "alpha", "max_delta_step", "tree_method", "grow_policy", "max_leaves",
        "max_bin", "objective", "eval_metric", "seed", "random_state", "num_workers", "nthread",
        "missing", "early_stopping_rounds", "validation_fraction", "device", "verbosity",
        "use_external_memory");

    for (ProblemType type : ProblemType.values()) {
      assertThat(new XGBoostTrainer().parameterNames(type)).as("xgboost %s", type)
          .containsAll(xgboost);
    }
    assertThat(new XGBoostTrainer().parameterNames(ProblemType.BINARY_CLASSIFICATION))
        .contains("scale_pos_weight");
    for (ProblemType type : List.of(ProblemType.BINARY_CLASSIFICATION, ProblemType.REGRESSION)) {
      assertThat(new GbtTrainer().parameterNames(type)).as("mllib_gbt %s", type)
          .containsAll(tree).contains("max_iter", "step_size", "validation_tol", "loss_type",
              "impurity");
    }
    for (ProblemType type : ProblemType.values()) {
      assertThat(new RandomForestTrainer().parameterNames(type)).as("mllib_random_forest %s", type)
          .containsAll(tree).contains("num_trees", "bootstrap", "impurity");
    }
    assertThat(new LogisticRegressionTrainer().parameterNames(ProblemType.BINARY_CLASSIFICATION))
        .containsAll(linear).contains("family", "threshold");
    assertThat(new LinearRegressionTrainer().parameterNames(ProblemType.REGRESSION))
        .containsAll(linear).contains("solver", "loss", "epsilon");
  }

  private static ParamBinder binder(String framework, GBTClassifier gbt) {
    return ParamBinder.forParams(framework, gbt, Map.of(), COLUMNS, Set.of(), Set.of());
  }
}
