package io.mbt.steps.framework.automl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mbt.steps.framework.FrameworkTrainer;
import io.mbt.steps.framework.FrameworkTrainers;
import io.mbt.steps.framework.TrainedModel;
import io.mbt.steps.framework.TrainingContext;
import io.mbt.steps.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches over a few thousand easily learnt rows with a space of few, shallow trees and 2 folds.
 * The binary search of all four classifier families runs once and is shared, read-only.
 */
class AutoMLTrainerTest {
  private static final SparkSession SPARK = SharedSpark.session();
  private static final AutoMLTrainer TRAINER = new AutoMLTrainer(TestData.smallSpace());
  private static final Map<String, Object> BINARY_CONFIG = Map.of(
      "max_models", 4, "nfolds", 2, "sort_metric", "AUC", "seed", 7,
      "keep_cross_validation_predictions", true);

  private static Dataset<Row> binaryTrain;
  private static AutoMLModel binaryModel;

  @TempDir Path directory;

  @BeforeAll
  static void searchBinaryOnce() {
    binaryTrain = TestData.binary(SPARK, 1500, 1);
    binaryModel = TRAINER.train(binaryTrain, binary(BINARY_CONFIG));
  }

  @Test
  void binarySearchTriesEachFamilysDefaultAndPicksAGoodLeader() {
    Leaderboard leaderboard = binaryModel.leaderboard();

    assertThat(binaryModel.framework()).isEqualTo("automl");
    assertThat(leaderboard.sortMetric()).isEqualTo("roc_auc");
    assertThat(leaderboard.stoppedBy()).isEqualTo("max_models");
    assertThat(leaderboard.entries()).extracting(Leaderboard.Entry::modelId)
        .containsExactlyInAnyOrder("xgboost_1", "gbt_2", "random_forest_3", "logistic_regression_4");
    assertThat(leaderboard.entries()).extracting(Leaderboard.Entry::rank)
        .containsExactly(1, 2, 3, 4);
    assertThat(leaderboard.entries()).extracting(Leaderboard.Entry::cvMean)
        .isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(leaderboard.entries()).allSatisfy(entry -> {
      assertThat(entry.cvFolds()).hasSize(2);
      assertThat(entry.cvMean()).isCloseTo(
          (entry.cvFolds().get(0) + entry.cvFolds().get(1)) / 2, within(1e-12));
      assertThat(entry.cvStd()).isNotNegative();
      assertThat(entry.fitSeconds()).isPositive();
    });
    Leaderboard.Entry leader = leaderboard.leader();
    assertThat(leader.cvMean()).isGreaterThan(0.8);
    assertThat(binaryModel.leader().framework()).isEqualTo(leader.framework());

    Dataset<Row> fresh = TestData.binary(SPARK, 500, 2);
    double auc = new BinaryClassificationEvaluator().setRawPredictionCol("probability")
        .evaluate(binaryModel.transform(fresh));
    assertThat(auc).as("leader refitted on all rows, on fresh rows").isGreaterThan(0.8);
    assertThat(binaryModel.featureImportance(List.of("x0", "x1", "x2", "x3")))
        .containsOnlyKeys("x0", "x1", "x2", "x3");
  }

  @Test
  void sameSeedGivesTheSameLeaderboardEvenWithParallelCandidates() {
    Map<String, Object> parallel = new LinkedHashMap<>(BINARY_CONFIG);
    parallel.put("parallelism", 2);
    parallel.put("keep_cross_validation_predictions", false);

    Leaderboard again = TRAINER.train(binaryTrain, binary(parallel)).leaderboard();

    Leaderboard first = binaryModel.leaderboard();
    assertThat(again.entries()).extracting(Leaderboard.Entry::modelId)
        .containsExactlyElementsOf(first.entries().stream().map(Leaderboard.Entry::modelId).toList());
    assertThat(again.entries()).extracting(Leaderboard.Entry::params)
        .containsExactlyElementsOf(first.entries().stream().map(Leaderboard.Entry::params).toList());
    for (int i = 0; i < first.entries().size(); i++) {
      assertThat(again.entries().get(i).cvMean())
          .isCloseTo(first.entries().get(i).cvMean(), within(1e-9));
    }
  }

  @Test
  void savesAndLoadsTheLeaderWithItsLeaderboard() throws Exception {
    String path = directory.resolve("model").toUri().toString();
    binaryModel.save(path);

    assertThat(directory.resolve("model/leaderboard.json")).isRegularFile();
    assertThat(Files.readString(directory.resolve("model/leaderboard.json")))
        .contains("\"sort_metric\" : \"roc_auc\"", "\"cv_mean\"", "\"fit_seconds\"");
    AutoMLModel loaded = (AutoMLModel) FrameworkTrainers.get("automl").load(path);

    assertThat(loaded.framework()).isEqualTo("automl");
    assertThat(loaded.leader().framework()).isEqualTo(binaryModel.leader().framework());
    assertThat(loaded.leaderboard()).isEqualTo(binaryModel.leaderboard());
    Dataset<Row> fresh = TestData.binary(SPARK, 300, 3);
    assertSameProbabilities(binaryModel.transform(fresh), loaded.transform(fresh));
    assertSameProbabilities(binaryModel.transform(fresh),
        PipelineModel.load(path).transform(fresh));

    Dataset<Row> outOfFold = loaded.crossValidationPredictions().orElseThrow();
    assertThat(outOfFold.columns())
        .containsExactly("label", Folds.COLUMN, "prediction", "probability");
    assertThat(outOfFold.count()).isEqualTo(1500);
  }

  @Test
  void loadRefusesAModelAnotherFrameworkSaved() {
    FrameworkTrainer logistic = FrameworkTrainers.get("mllib_logistic_regression");
    TrainedModel model = logistic.train(TestData.binary(SPARK, 200, 4), binary(Map.of()));
    String path = directory.resolve("logistic").toUri().toString();
    model.save(path);

    assertThatThrownBy(() -> TRAINER.load(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the model at " + path + " is a model without automl.json, which framework"
            + " 'automl' did not produce; load it with the framework recorded in its manifest");
  }

  @Test
  void regressionRanksByAscendingRmse() {
    AutoMLModel model = TRAINER.train(TestData.regression(SPARK, 1500, 5),
        TrainingContext.regression("label", "features", Map.of("max_models", 2, "nfolds", 2,
            "include_algos", List.of("xgboost", "linear_regression")), 42));

    Leaderboard leaderboard = model.leaderboard();
    assertThat(leaderboard.sortMetric()).isEqualTo("rmse");
    assertThat(leaderboard.lowerIsBetter()).isTrue();
    assertThat(leaderboard.entries()).extracting(Leaderboard.Entry::cvMean).isSorted();
    // The label is linear in the features with noise 0.3: a linear model wins.
    assertThat(leaderboard.leader().family()).isEqualTo("linear_regression");
    assertThat(leaderboard.leader().cvMean()).isLessThan(0.4);
  }

  @Test
  void multiclassSearchReturnsACrossValidatedLeader() {
    AutoMLModel model = TRAINER.train(TestData.multiclass(SPARK, 1500, 6),
        TrainingContext.multiclass("label", "features", 3, Map.of("max_models", 1, "nfolds", 2,
            "sort_metric", "accuracy", "exclude_algos", List.of("xgboost", "random_forest")), 42));

    assertThat(model.leaderboard().entries()).extracting(Leaderboard.Entry::family)
        .containsExactly("logistic_regression");
    assertThat(model.leaderboard().leader().cvMean()).isGreaterThan(0.8);
  }

  @Test
  void honoursIncludeExcludeAndMaxModels() {
    // One partition, as a small table read from one file: spread over the cores first.
    Dataset<Row> onePartition = TestData.binary(SPARK, 600, 7).coalesce(1);
    AutoMLModel model = TRAINER.train(onePartition, binary(Map.of(
        "max_models", 2, "nfolds", 2,
        "include_algos", List.of("logistic_regression", "random_forest"),
        "exclude_algos", List.of("random_forest"))));

    assertThat(model.leaderboard().entries()).hasSize(2)
        .extracting(Leaderboard.Entry::family).containsOnly("logistic_regression");
    assertThat(model.leaderboard().stoppedBy()).isEqualTo("max_models");
  }

  @Test
  void aTinyTimeBudgetStillReturnsOneModel() {
    AutoMLModel model = TRAINER.train(TestData.binary(SPARK, 600, 8), binary(Map.of(
        "max_runtime_secs", 0.001, "max_models", 10, "nfolds", 2,
        "include_algos", List.of("logistic_regression"))));

    assertThat(model.leaderboard().entries()).extracting(Leaderboard.Entry::modelId)
        .containsExactly("logistic_regression_1");
    assertThat(model.leaderboard().stoppedBy()).isEqualTo("max_runtime_secs");
  }

  @Test
  void recordsAFailingCandidateAndGoesOn() {
    SearchSpace broken = new SearchSpace(List.of(
        new FamilySpace(Family.LOGISTIC_REGRESSION, Map.of(), Map.of("reg_param", -1.0), List.of()),
        new FamilySpace(Family.RANDOM_FOREST, Map.of(), Map.of("num_trees", 5), List.of())));

    AutoMLModel model = new AutoMLTrainer(broken).train(TestData.binary(SPARK, 400, 9),
        binary(Map.of("max_models", 2, "nfolds", 2,
            "include_algos", List.of("logistic_regression", "random_forest"))));

    assertThat(model.leaderboard().entries()).extracting(Leaderboard.Entry::modelId)
        .containsExactly("random_forest_1");
    assertThat(model.leaderboard().failures()).singleElement().satisfies(failure -> {
      assertThat(failure.modelId()).isEqualTo("logistic_regression_2");
      assertThat(failure.error()).startsWith(
          "mllib_logistic_regression: parameter 'reg_param' = -1.0 is out of range.");
    });
  }

  @Test
  void failsWhenEveryCandidateFails() {
    SearchSpace broken = new SearchSpace(List.of(new FamilySpace(
        Family.LOGISTIC_REGRESSION, Map.of(), Map.of("reg_param", -1.0), List.of())));

    assertThatThrownBy(() -> new AutoMLTrainer(broken).train(TestData.binary(SPARK, 200, 10),
        binary(Map.of("max_models", 3, "nfolds", 2,
            "include_algos", List.of("logistic_regression")))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("automl: all 1 candidate models failed to train;"
            + " logistic_regression_1: mllib_logistic_regression: parameter 'reg_param' = -1.0"
            + " is out of range.");
  }

  @Test
  void refusesAnInvalidConfigBeforeTouchingTheData() {
    assertThatThrownBy(() -> TRAINER.train(binaryTrain, binary(Map.of("nfolds", 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("automl: nfolds: nfolds must be >= 2, but was: 1");
  }

  private static TrainingContext binary(Map<String, Object> config) {
    return TrainingContext.binary("label", "features", config, 42);
  }

  private static void assertSameProbabilities(Dataset<Row> expected, Dataset<Row> actual) {
    List<Row> a = expected.select("probability").collectAsList();
    List<Row> b = actual.select("probability").collectAsList();
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(((Vector) b.get(i).get(0)).apply(1))
          .isCloseTo(((Vector) a.get(i).get(0)).apply(1), within(1e-6));
    }
  }
}
