package io.mbt.steps.framework.builtin;

import static io.mbt.compiler.model.ProblemType.BINARY_CLASSIFICATION;
import static io.mbt.compiler.model.ProblemType.MULTICLASS_CLASSIFICATION;
import static io.mbt.compiler.model.ProblemType.REGRESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mbt.compiler.model.ProblemType;
import io.mbt.steps.framework.FrameworkTrainer;
import io.mbt.steps.framework.FrameworkTrainers;
import io.mbt.steps.framework.TrainedModel;
import io.mbt.steps.framework.TrainingContext;
import io.mbt.steps.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every framework and problem type it supports: trains on a few thousand easily learnt rows,
 * predicts well on fresh rows, reloads with identical predictions and ranks the informative
 * feature first. Few, shallow trees keep it quick.
 */
class FrameworkTrainingTest {
  private static final int TRAIN_ROWS = 2000;
  private static final int TEST_ROWS = 500;

  private final SparkSession spark = SharedSpark.session();
  @TempDir Path directory;

  static Stream<Arguments> frameworks() {
    Map<String, Object> xgboost = Map.of("n_estimators", 20, "max_depth", 3, "learning_rate", 0.3);
    Map<String, Object> gbt = Map.of("max_iter", 10, "max_depth", 3);
    Map<String, Object> forest = Map.of("num_trees", 10, "max_depth", 5);
    Map<String, Object> linear = Map.of("max_iter", 50);
    return Stream.of(
        Arguments.of("xgboost", BINARY_CLASSIFICATION, xgboost),
        Arguments.of("xgboost", MULTICLASS_CLASSIFICATION, xgboost),
        Arguments.of("xgboost", REGRESSION, xgboost),
        Arguments.of("mllib_gbt", BINARY_CLASSIFICATION, gbt),
        Arguments.of("mllib_gbt", REGRESSION, gbt),
        Arguments.of("mllib_random_forest", BINARY_CLASSIFICATION, forest),
        Arguments.of("mllib_random_forest", MULTICLASS_CLASSIFICATION, forest),
        Arguments.of("mllib_random_forest", REGRESSION, forest),
        Arguments.of("mllib_logistic_regression", BINARY_CLASSIFICATION, linear),
        Arguments.of("mllib_logistic_regression", MULTICLASS_CLASSIFICATION, linear),
        Arguments.of("mllib_linear_regression", REGRESSION, linear));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("frameworks")
  void trainsPredictsReloadsIdenticallyAndRanksTheSignalFirst(
      String framework, ProblemType problemType, Map<String, Object> config) {
    FrameworkTrainer trainer = FrameworkTrainers.get(framework);
    Dataset<Row> test = data(problemType, TEST_ROWS, 2).cache();

    TrainedModel model = trainer.train(data(problemType, TRAIN_ROWS, 1), context(problemType, config));

    assertThat(model.framework()).isEqualTo(framework);
    Dataset<Row> predictions = model.transform(test).cache();
    assertThat(quality(problemType, predictions)).as("quality on fresh rows").isGreaterThan(0.8);

    String path = directory.resolve("model").toUri().toString();
    model.save(path);
    TrainedModel reloaded = trainer.load(path);
    assertSamePredictions(problemType, predictions, reloaded.transform(test));

    Map<String, Double> importance = reloaded.featureImportance(SyntheticData.FEATURES);
    assertThat(importance.keySet()).containsExactlyElementsOf(SyntheticData.FEATURES);
    assertThat(importance.values()).allSatisfy(value -> assertThat(value).isNotNegative());
    assertThat(importance.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, within(1e-9));
    assertThat(importance.get("signal"))
        .as("importance of the informative feature in %s", importance)
        .isEqualTo(importance.values().stream().mapToDouble(Double::doubleValue).max()
            .orElseThrow());
    predictions.unpersist();
    test.unpersist();
  }

  private Dataset<Row> data(ProblemType problemType, int rows, long seed) {
    return switch (problemType) {
      case BINARY_CLASSIFICATION -> SyntheticData.binary(spark, rows, seed);
      case MULTICLASS_CLASSIFICATION -> SyntheticData.multiclass(spark, rows, seed);
      case REGRESSION -> SyntheticData.regression(spark, rows, seed);
    };
  }

  private static TrainingContext context(ProblemType problemType, Map<String, Object> config) {
    return switch (problemType) {
      case BINARY_CLASSIFICATION -> TrainingContext.binary("label", "features", config, 7);
      case MULTICLASS_CLASSIFICATION ->
          TrainingContext.multiclass("label", "features", 3, config, 7);
      case REGRESSION -> TrainingContext.regression("label", "features", config, 7);
    };
  }

  /** AUC for binary, accuracy for multiclass, R² for regression. */
  private static double quality(ProblemType problemType, Dataset<Row> predictions) {
    return switch (problemType) {
      case BINARY_CLASSIFICATION -> new BinaryClassificationEvaluator()
          .setRawPredictionCol("probability").setMetricName("areaUnderROC")
          .evaluate(predictions);
      case MULTICLASS_CLASSIFICATION -> new MulticlassClassificationEvaluator()
          .setMetricName("accuracy").evaluate(predictions);
      case REGRESSION -> new RegressionEvaluator().setMetricName("r2").evaluate(predictions);
    };
  }

  private static void assertSamePredictions(
      ProblemType problemType, Dataset<Row> expected, Dataset<Row> actual) {
    String[] columns = problemType.isClassification()
        ? new String[] {"id", "prediction", "probability"}
        : new String[] {"id", "prediction"};
    List<Row> before = expected.selectExpr(columns).orderBy("id").collectAsList();
    List<Row> after = actual.selectExpr(columns).orderBy("id").collectAsList();
    assertThat(after).hasSameSizeAs(before);
    for (int i = 0; i < before.size(); i++) {
      Row b = before.get(i);
      Row a = after.get(i);
      assertThat(a.getLong(0)).isEqualTo(b.getLong(0));
      assertThat(a.getDouble(1)).as("prediction of row %s", b.getLong(0))
          .isCloseTo(b.getDouble(1), within(1e-6));
      if (problemType.isClassification()) {
        double[] probabilityBefore = ((Vector) b.get(2)).toArray();
        double[] probabilityAfter = ((Vector) a.get(2)).toArray();
        assertThat(probabilityAfter).as("probability of row %s", b.getLong(0))
            .containsExactly(probabilityBefore, within(1e-6));
      }
    }
  }
}
