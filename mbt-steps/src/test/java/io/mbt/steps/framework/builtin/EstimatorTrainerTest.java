package io.mbt.steps.framework.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.model.ProblemType;
import io.mbt.steps.framework.FrameworkTrainers;
import io.mbt.steps.framework.TrainedModel;
import io.mbt.steps.framework.TrainingContext;
import io.mbt.steps.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EstimatorTrainerTest {
  private final SparkSession spark = SharedSpark.session();
  private final Dataset<Row> binary = SyntheticData.binary(spark, 300, 3);
  @TempDir Path directory;

  @Test
  void unsupportedProblemTypeErrorSaysWhatToUseInstead() {
    assertThatThrownBy(() -> FrameworkTrainers.get("mllib_gbt").train(
            SyntheticData.multiclass(spark, 10, 1),
            TrainingContext.multiclass("label", "features", 3, Map.of(), 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mllib_gbt does not support multiclass_classification; it supports"
            + " [binary_classification, regression]. Spark's GBTClassifier is binary only: for"
            + " multiclass_classification use xgboost, mllib_random_forest or"
            + " mllib_logistic_regression");
    assertThatThrownBy(() -> FrameworkTrainers.get("mllib_linear_regression")
            .parameterNames(ProblemType.BINARY_CLASSIFICATION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mllib_linear_regression does not support binary_classification; it supports"
            + " [regression]. for classification use mllib_logistic_regression");
  }

  @Test
  void unknownConfigKeyFailsBeforeAnySparkJob() {
    assertThatThrownBy(() -> FrameworkTrainers.get("xgboost")
            .train(binary, TrainingContext.binary("label", "features", Map.of("max_depht", 3), 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "xgboost: unknown parameter 'max_depht' (did you mean 'max_depth'?); valid parameters:")
        .hasMessageContaining("n_estimators");
  }

  @Test
  void configSeedOverridesThePipelineSeed() {
    TrainedModel model = FrameworkTrainers.get("mllib_random_forest")
        .train(binary, TrainingContext.binary("label", "features",
            Map.of("num_trees", 2, "seed", 99), 11));

    Params stage = model.pipelineModel().stages()[model.pipelineModel().stages().length - 1];
    assertThat(stage.getOrDefault(stage.getParam("seed"))).isEqualTo(99L);
  }

  @Test
  void loadingAnotherFrameworksModelNamesWhatIsThere() {
    String path = directory.resolve("model").toUri().toString();
    FrameworkTrainers.get("mllib_logistic_regression")
        .train(binary, TrainingContext.binary("label", "features", Map.of("max_iter", 5), 1))
        .save(path);

    assertThatThrownBy(() -> FrameworkTrainers.get("xgboost").load(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the model at " + path + " is a LogisticRegressionModel, which framework"
            + " 'xgboost' did not produce; load it with the framework recorded in its manifest");
  }

  @Test
  void featureImportanceNeedsOneNamePerFeature() {
    TrainedModel model = FrameworkTrainers.get("mllib_logistic_regression")
        .train(binary, TrainingContext.binary("label", "features", Map.of("max_iter", 5), 1));

    assertThatThrownBy(() -> model.featureImportance(List.of("signal", "helper")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the model was trained on 4 features, but 2 feature names were given:"
            + " [signal, helper]. Pass the names of the assembled features column, in vector"
            + " order");
  }
}
