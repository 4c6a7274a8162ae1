package io.mbt.steps.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.model.ProblemType;
import org.junit.jupiter.api.Test;

class FrameworkTrainersTest {

  @Test
  void findsTheBuiltInFrameworksThroughServiceLoader() {
    assertThat(FrameworkTrainers.names())
        .containsExactly(
            "automl", "mllib_gbt", "mllib_linear_regression", "mllib_logistic_regression",
            "mllib_random_forest", "xgboost");
    assertThat(FrameworkTrainers.get("xgboost").name()).isEqualTo("xgboost");
  }

  @Test
  void unknownFrameworkErrorListsTheInstalledOnes() {
    assertThatThrownBy(() -> FrameworkTrainers.get("lightgbm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown framework 'lightgbm'; installed frameworks: [automl, mllib_gbt,"
                + " mllib_linear_regression, mllib_logistic_regression, mllib_random_forest,"
                + " xgboost]. Fix the framework name, or put the jar that provides it on the"
                + " driver's class path (it must list its FrameworkTrainer in"
                + " META-INF/services/io.mbt.steps.framework.FrameworkTrainer)");
  }

  @Test
  void eachFrameworkDeclaresItsProblemTypes() {
    assertThat(FrameworkTrainers.get("xgboost").problemTypes())
        .containsExactlyInAnyOrder(ProblemType.values());
    assertThat(FrameworkTrainers.get("mllib_random_forest").problemTypes())
        .containsExactlyInAnyOrder(ProblemType.values());
    assertThat(FrameworkTrainers.get("mllib_gbt").problemTypes())
        .containsExactlyInAnyOrder(ProblemType.BINARY_CLASSIFICATION, ProblemType.REGRESSION);
    assertThat(FrameworkTrainers.get("mllib_logistic_regression").problemTypes())
        .containsExactlyInAnyOrder(
            ProblemType.BINARY_CLASSIFICATION, ProblemType.MULTICLASS_CLASSIFICATION);
    assertThat(FrameworkTrainers.get("mllib_linear_regression").problemTypes())
        .containsExactly(ProblemType.REGRESSION);
  }
}
