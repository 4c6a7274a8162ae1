package io.mbt.steps.framework.automl;

import static io.mbt.steps.framework.automl.Family.GBT;
import static io.mbt.steps.framework.automl.Family.LINEAR_REGRESSION;
import static io.mbt.steps.framework.automl.Family.LOGISTIC_REGRESSION;
import static io.mbt.steps.framework.automl.Family.RANDOM_FOREST;
import static io.mbt.steps.framework.automl.Family.XGBOOST;
import static io.mbt.steps.framework.automl.SearchSpace.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.model.ProblemType;
import io.mbt.steps.framework.FrameworkTrainers;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
  private static final List<Family> CLASSIFIERS =
      List.of(XGBOOST, GBT, RANDOM_FOREST, LOGISTIC_REGRESSION);
  private final SearchSpace standard = SearchSpace.standard();

  @Test
  void triesEveryDefaultFirstThenDrawsFamiliesRoundRobin() {
    List<Candidate> plan = standard.plan(CLASSIFIERS, 42, 10);

    assertThat(plan).extracting(Candidate::family).containsExactly(
        XGBOOST, GBT, RANDOM_FOREST, LOGISTIC_REGRESSION,
        XGBOOST, GBT, RANDOM_FOREST, LOGISTIC_REGRESSION, XGBOOST, GBT);
    assertThat(plan).extracting(Candidate::modelId).startsWith(
        "xgboost_1", "gbt_2", "random_forest_3", "logistic_regression_4", "xgboost_5");
    assertThat(plan.get(0).params()).isEqualTo(Map.of("n_estimators", 100, "max_depth", 6,
        "learning_rate", 0.1, "subsample", 0.8, "colsample_bytree", 0.8, "min_child_weight", 1,
        "reg_lambda", 1.0, "nthread", 1));
    assertThat(plan.get(1).params())
        .isEqualTo(Map.of("max_iter", 50, "max_depth", 5, "step_size", 0.1));
    assertThat(plan.get(4).params()).isNotEqualTo(plan.get(0).params());
  }

  @Test
  void sameSeedGivesTheSamePlanAndAnotherSeedAnother() {
    assertThat(standard.plan(CLASSIFIERS, 7, 20)).isEqualTo(standard.plan(CLASSIFIERS, 7, 20));
    assertThat(standard.plan(CLASSIFIERS, 8, 20).subList(4, 20))
        .isNotEqualTo(standard.plan(CLASSIFIERS, 7, 20).subList(4, 20));
  }

  @Test
  void excludingAFamilyLeavesTheOtherFamiliesConfigsUnchanged() {
    Map<Family, List<Map<String, Object>>> all = byFamily(standard.plan(CLASSIFIERS, 3, 16));
    Map<Family, List<Map<String, Object>>> withoutGbt =
        byFamily(standard.plan(List.of(XGBOOST, RANDOM_FOREST, LOGISTIC_REGRESSION), 3, 12));

    assertThat(withoutGbt).doesNotContainKey(GBT);
    assertThat(withoutGbt.get(XGBOOST)).isEqualTo(all.get(XGBOOST));
    assertThat(withoutGbt.get(LOGISTIC_REGRESSION)).isEqualTo(all.get(LOGISTIC_REGRESSION));
  }

  @Test
  void drawsStayInsideTheDocumentedRanges() {
    List<Candidate> plan = standard.plan(
        List.of(XGBOOST, GBT, RANDOM_FOREST, LOGISTIC_REGRESSION, LINEAR_REGRESSION), 11, 500);

    assertThat(plan).hasSize(500);
    for (Candidate candidate : plan) {
      Map<String, Object> p = candidate.params();
      switch (candidate.family()) {
        case XGBOOST -> {
          assertBetween(p, "n_estimators", 50, 400);
          assertBetween(p, "max_depth", 3, 8);
          assertBetween(p, "learning_rate", 0.02, 0.3);
          assertBetween(p, "subsample", 0.6, 1);
          assertBetween(p, "colsample_bytree", 0.5, 1);
          assertBetween(p, "min_child_weight", 1, 10);
          assertBetween(p, "reg_lambda", 0.01, 10);
          assertThat(p).containsEntry("nthread", 1);
        }
        case GBT -> {
          assertBetween(p, "max_iter", 20, 100);
          assertBetween(p, "max_depth", 3, 7);
          assertBetween(p, "step_size", 0.05, 0.3);
        }
        case RANDOM_FOREST -> {
          assertBetween(p, "num_trees", 50, 300);
          assertBetween(p, "max_depth", 5, 15);
          assertThat(p.get("feature_subset_strategy"))
              .isIn("auto", "sqrt", "log2", "onethird");
        }
        case LOGISTIC_REGRESSION, LINEAR_REGRESSION -> {
          assertBetween(p, "reg_param", 1e-4, 1);
          assertBetween(p, "elastic_net_param", 0, 1);
        }
      }
    }
  }

  @Test
  void logUniformDrawsSpreadOverOrdersOfMagnitude() {
    Dimension regParam = Dimension.logUniform("reg_param", 1e-4, 1);
    Random random = new Random(1);
    long belowOneThousandth = 0;
    for (int i = 0; i < 1000; i++) {
      if ((Double) regParam.draw(random) < 1e-3) {
        belowOneThousandth++;
      }
    }
    // A quarter of the log range: a uniform draw would land there 0.1% of the time.
    assertThat(belowOneThousandth).isBetween(200L, 300L);
  }

  @Test
  void everyConfigUsesParametersItsFrameworkAccepts() {
    for (Candidate candidate : standard.plan(
        List.of(XGBOOST, GBT, RANDOM_FOREST, LINEAR_REGRESSION), 5, 8)) {
      assertThat(FrameworkTrainers.get(candidate.family().framework())
              .parameterNames(ProblemType.REGRESSION))
          .as(candidate.modelId()).containsAll(candidate.params().keySet());
    }
    for (Candidate candidate : standard.plan(List.of(LOGISTIC_REGRESSION), 5, 2)) {
      assertThat(FrameworkTrainers.get(candidate.family().framework())
              .parameterNames(ProblemType.BINARY_CLASSIFICATION))
          .containsAll(candidate.params().keySet());
    }
  }

  @Test
  void stopsEarlyWhenTheSpacesRunOutOfNewConfigs() {
    SearchSpace tiny = new SearchSpace(List.of(new FamilySpace(RANDOM_FOREST, params(),
        params("num_trees", 10), List.of(Dimension.choice("num_trees", 10, 20)))));

    assertThat(tiny.plan(List.of(RANDOM_FOREST), 1, 10))
        .extracting(c -> c.params().get("num_trees")).containsExactly(10, 20);
  }

  @Test
  void refusesAFamilyWithoutASpace() {
    SearchSpace onlyLinear = new SearchSpace(List.of(TestData.linear(LINEAR_REGRESSION)));

    assertThatThrownBy(() -> onlyLinear.plan(List.of(GBT), 1, 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no search space for gbt");
  }

  private static Map<Family, List<Map<String, Object>>> byFamily(List<Candidate> plan) {
    return plan.stream().collect(Collectors.groupingBy(Candidate::family,
        Collectors.mapping(Candidate::params, Collectors.toList())));
  }

  private static void assertBetween(Map<String, Object> params, String key, double min,
      double max) {
    assertThat(((Number) params.get(key)).doubleValue()).as(key).isBetween(min, max);
  }
}
