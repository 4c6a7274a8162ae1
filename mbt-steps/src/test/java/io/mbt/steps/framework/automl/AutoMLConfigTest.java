package io.mbt.steps.framework.automl;

import static io.mbt.steps.framework.automl.Family.GBT;
import static io.mbt.steps.framework.automl.Family.LINEAR_REGRESSION;
import static io.mbt.steps.framework.automl.Family.LOGISTIC_REGRESSION;
import static io.mbt.steps.framework.automl.Family.RANDOM_FOREST;
import static io.mbt.steps.framework.automl.Family.XGBOOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.spi.builtin.AutoMLFramework;
import io.mbt.steps.framework.TrainingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoMLConfigTest {

  @Test
  void defaultsFollowTheProblemType() {
    assertThat(AutoMLConfig.from(TrainingContext.binary("label", "features", Map.of(), 42)))
        .isEqualTo(new AutoMLConfig(3600, 20, "roc_auc", 42, 3,
            List.of(XGBOOST, GBT, RANDOM_FOREST, LOGISTIC_REGRESSION), 1, false));
    assertThat(AutoMLConfig.from(TrainingContext.multiclass("label", "features", 3, Map.of(), 7)))
        .isEqualTo(new AutoMLConfig(3600, 20, "f1", 7, 3,
            List.of(XGBOOST, RANDOM_FOREST, LOGISTIC_REGRESSION), 1, false));
    assertThat(AutoMLConfig.from(TrainingContext.regression("label", "features", Map.of(), 42)))
        .isEqualTo(new AutoMLConfig(3600, 20, "rmse", 42, 3,
            List.of(XGBOOST, GBT, RANDOM_FOREST, LINEAR_REGRESSION), 1, false));
  }

  @Test
  void mapsEveryKey() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("max_runtime_secs", 90);
    config.put("max_models", 5);
    config.put("sort_metric", "logloss");
    config.put("seed", 3L);
    config.put("nfolds", 4);
    config.put("include_algos", List.of("gbt", "xgboost", "logistic_regression"));
    config.put("exclude_algos", List.of("logistic_regression"));
    config.put("parallelism", 2);
    config.put("keep_cross_validation_predictions", true);

    assertThat(AutoMLConfig.from(TrainingContext.binary("label", "features", config, 42)))
        .isEqualTo(new AutoMLConfig(90, 5, "log_loss", 3, 4, List.of(XGBOOST, GBT), 2, true));
    assertThat(AutoMLConfig.KEYS).containsExactlyInAnyOrderElementsOf(config.keySet());
    assertThat(new AutoMLFramework().validateConfig(config, ProblemType.BINARY_CLASSIFICATION))
        .as("the compiler accepts every key").isEmpty();
  }

  @Test
  void acceptsH2oMetricNames() {
    AutoMLConfig config = AutoMLConfig.from(
        TrainingContext.binary("label", "features", Map.of("sort_metric", "AUC"), 42));

    assertThat(config.sortMetric()).isEqualTo("roc_auc");
    assertThat(config.lowerIsBetter()).isFalse();
    assertThat(AutoMLConfig.from(TrainingContext.regression(
        "label", "features", Map.of("sort_metric", "MAE"), 42)).lowerIsBetter()).isTrue();
  }

  @Test
  void refusesWhatTheCompilerRefuses() {
    assertThatThrownBy(() -> AutoMLConfig.from(
        TrainingContext.binary("label", "features", Map.of("max_modles", 3), 42)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "automl: max_modles: unknown parameter 'max_modles' for framework 'automl'")
        .hasMessageContaining("did you mean 'max_models'");
    assertThatThrownBy(() -> AutoMLConfig.from(
        TrainingContext.regression("label", "features", Map.of("sort_metric", "auc"), 42)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "automl: sort_metric: sort_metric 'auc' is not valid for regression");
    assertThatThrownBy(() -> AutoMLConfig.from(TrainingContext.binary(
        "label", "features", Map.of("include_algos", List.of("linear_regression")), 42)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("automl: include_algos: no model family is left to try for binary_classification;"
            + " allow at least one of: xgboost, gbt, random_forest, logistic_regression");
  }
}
