package io.mbt.steps.framework.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mbt.steps.framework.FrameworkTrainer;
import io.mbt.steps.framework.FrameworkTrainers;
import io.mbt.steps.framework.TrainedModel;
import io.mbt.steps.framework.TrainingContext;
import io.mbt.steps.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XGBoostTrainerTest {
  private final SparkSession spark = SharedSpark.session();
  private final FrameworkTrainer xgboost = FrameworkTrainers.get("xgboost");
  private final Dataset<Row> binary = SyntheticData.binary(spark, 300, 3);
  @TempDir Path directory;

  @Test
  void defaultsToHistOneThreadAllTaskSlotsAndThePipelineSeed() {
    TrainedModel model =
        xgboost.train(binary, TrainingContext.binary("label", "features", Map.of("n_estimators", 3), 11));

    Params stage = lastStage(model.pipelineModel());
    assertThat(stage).isInstanceOf(XGBoostClassificationModel.class);
    assertThat(stage.getOrDefault(stage.getParam("tree_method"))).isEqualTo("hist");
    assertThat(stage.getOrDefault(stage.getParam("nthread"))).isEqualTo(1);
    assertThat(stage.getOrDefault(stage.getParam("numWorkers"))).isEqualTo(2);
    assertThat(stage.getOrDefault(stage.getParam("seed"))).isEqualTo(11L);
    assertThat(stage.getOrDefault(stage.getParam("objective"))).isEqualTo("binary:logistic");
    assertThat(stage.getOrDefault(stage.getParam("numRound"))).isEqualTo(3);
  }

  @Test
  void refusesMoreWorkersThanTaskSlots() {
    assertThatThrownBy(() -> xgboost.train(
            binary, TrainingContext.binary("label", "features", Map.of("num_workers", 3), 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("xgboost: num_workers = 3 exceeds the 2 task slots of this Spark application;"
            + " XGBoost trains in a barrier stage that needs one free slot per worker. Set"
            + " num_workers <= 2, or give the application more executor cores");
  }

  @Test
  void refusesMoreThreadsThanTaskCpus() {
    assertThatThrownBy(() -> xgboost.train(
            binary, TrainingContext.binary("label", "features", Map.of("nthread", 2), 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("xgboost: nthread = 2 exceeds spark.task.cpus = 1; set nthread <= 1, or raise"
            + " spark.task.cpus to 2");
  }

  @Test
  void validationFractionHoldsOutRowsThatEarlyStoppingWatches() throws Exception {
    Map<String, Object> config = Map.of("n_estimators", 300, "learning_rate", 1.0,
        "max_depth", 6, "early_stopping_rounds", 3, "validation_fraction", 0.25);

    TrainedModel model = xgboost.train(
        SyntheticData.binary(spark, 1000, 5), TrainingContext.binary("label", "features", config, 1));

    XGBoostClassificationModel stage = (XGBoostClassificationModel) lastStage(model.pipelineModel());
    assertThat(stage.nativeBooster().booster().getNumBoostedRound()).isBetween(1, 299);
    assertThat(stage.summary().get().validationObjectiveHistory().isEmpty()).isFalse();
  }

  @Test
  void validationFractionMustBeAShareOfAtMostHalf() {
    assertThatThrownBy(() -> xgboost.train(binary,
            TrainingContext.binary("label", "features", Map.of("validation_fraction", 0.8), 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("xgboost: parameter 'validation_fraction' must be a number in (0, 0.5], but"
            + " was: 0.8 (Double)");
  }

  /** xgboost4j-spark 3.2.0 alone fails on these vectors, or crashes the JVM predicting them. */
  @Test
  void trainsAndPredictsOnSparseFeaturesWithAllZeroRows() {
    Dataset<Row> sparse = new VectorAssembler()
        .setInputCols(new String[] {"a", "b", "c", "d", "e", "f"}).setOutputCol("features")
        .transform(spark.range(400).selectExpr(
            "id", "CAST(id % 2 AS DOUBLE) AS label", "CAST(id % 2 AS DOUBLE) AS a", "0.0 AS b",
            "0.0 AS c", "0.0 AS d", "0.0 AS e", "CAST(id % 3 AS DOUBLE) AS f"));
    assertThat(sparse.head().<Vector>getAs("features")).isInstanceOf(SparseVector.class);

    TrainedModel model = xgboost.train(
        sparse, TrainingContext.binary("label", "features", Map.of("n_estimators", 5), 1));
    List<Row> predictions =
        model.transform(sparse).select("id", "label", "prediction").orderBy("id").collectAsList();

    assertThat(predictions).hasSize(400)
        .allSatisfy(row -> assertThat(row.getDouble(2)).isEqualTo(row.getDouble(1)));
  }

  @Test
  void reloadedMulticlassModelKeepsItsClassesAndPredictions() {
    Dataset<Row> data = SyntheticData.multiclass(spark, 600, 4);
    TrainedModel model = xgboost.train(
        data, TrainingContext.multiclass("label", "features", 3, Map.of("n_estimators", 5), 1));
    String path = directory.resolve("model").toUri().toString();
    model.save(path);

    PipelineModel plainlyLoaded = PipelineModel.load(path);
    PipelineModel repaired = XGBoostTrainer.repairLoadedPipeline(plainlyLoaded);
    TrainedModel reloaded = xgboost.load(path);

    assertThat(((XGBoostClassificationModel) lastStage(plainlyLoaded)).numClasses())
        .as("xgboost4j-spark's own reader").isEqualTo(2);
    assertThat(((XGBoostClassificationModel) lastStage(repaired)).numClasses()).isEqualTo(3);
    assertThat(XGBoostTrainer.repairLoadedPipeline(repaired)).isSameAs(repaired);
    assertThat(((XGBoostClassificationModel) lastStage(reloaded.pipelineModel())).numClasses())
        .isEqualTo(3);
    List<Row> before = model.transform(data).select("probability").collectAsList();
    List<Row> after = reloaded.transform(data).select("probability").collectAsList();
    for (int i = 0; i < before.size(); i++) {
      assertThat(((Vector) after.get(i).get(0)).toArray())
          .containsExactly(((Vector) before.get(i).get(0)).toArray(), within(1e-6));
    }
  }

  private static Params lastStage(PipelineModel model) {
    Transformer[] stages = model.stages();
    return stages[stages.length - 1];
  }
}
