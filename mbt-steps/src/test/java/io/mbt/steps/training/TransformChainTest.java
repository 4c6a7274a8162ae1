package io.mbt.steps.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.model.CustomTransform;
import io.mbt.compiler.model.FeatureSelectionSpec;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.compiler.model.SelectionMethod;
import io.mbt.steps.api.Step;
import io.mbt.steps.features.FeatureLayout;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.framework.FrameworkTrainers;
import io.mbt.steps.model.ModelBundle;
import io.mbt.steps.testing.SharedSpark;
import io.mbt.steps.transform.Frames;
import io.mbt.steps.transform.RatioFeature;
import io.mbt.steps.transform.StepRun;
import io.mbt.steps.transform.TransformData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * custom_transforms, encode, normalize and select_features as the compiler chains them, from the
 * Delta tables split_data writes, each reading the table views the one before declared (its saved
 * model applied to its input); then train_model (logistic regression) on the result, and
 * serving's replay of the four saved PipelineModels on raw scoring rows.
 */
class TransformChainTest {
  private final SparkSession spark = SharedSpark.session();
  @TempDir Path dir;

  private StepRun step(String name, Map<String, Object> config, String previous, Dataset<Row> train, Dataset<Row> test, Step step) {
    return StepRun.of(dir, name, config).input(previous + ".train_set", train).input(previous + ".test_set", test)
        .outputs("train_set", "test_set", "fitted").run(step);
  }

  private StepRun step(String name, Map<String, Object> config, StepRun previous, Step step) {
    return step(name, config, previous.stepName(), previous.output("train_set"), previous.output("test_set"), step);
  }

  /** A table as split_data leaves it. */
  private Dataset<Row> delta(String name, Dataset<Row> data) {
    String uri = dir.resolve("split_data").resolve(name).toUri().toString();
    data.write().format("delta").save(uri);
    return spark.read().format("delta").load(uri);
  }

  @Test
  void theFourTransformStepsLineUpForTrainingAndReplayOnScoringData() {
    Dataset<Row> train = delta("train_set", TransformData.rows(spark, 2000, 1, 0));
    Dataset<Row> test = delta("test_set", TransformData.rows(spark, 500, 2, 0));
    SchemaSpec schema = TransformData.schema();

    List<Map<String, Object>> transforms = List.of(
        ManifestJson.toMap(new CustomTransform.Sql("is_new", "SELECT *, CASE WHEN tenure < 6 THEN 1 ELSE 0 END AS is_new FROM __THIS__")),
        ManifestJson.toMap(new CustomTransform.UserClass("charge_ratio", RatioFeature.class.getName(),
            Map.of("numerator", "charges", "denominator", "tenure", "output", "charge_per_month"))));
    StepRun custom = step("custom_transforms", Map.of("transforms", transforms), "split_data", train, test, new CustomTransformsStep());
    Map<String, Object> encoding = new LinkedHashMap<>();
    encoding.put("method", "one_hot");
    encoding.put("columns", List.of());
    encoding.put("handle_unknown", "keep");
    encoding.put("categorical_columns", schema.categoricalColumns());
    encoding.put("schema", schema);
    StepRun encode = step("encode", encoding, custom, new EncodeStep());
    StepRun normalize = step("normalize", Map.of("method", "standard_scaler", "columns", List.of(), "schema", schema), encode, new NormalizeStep());
    List<FeatureSelectionSpec.Method> methods = List.of(
        new FeatureSelectionSpec.Method(SelectionMethod.VARIANCE_THRESHOLD, Optional.empty(), Optional.empty()),
        new FeatureSelectionSpec.Method(SelectionMethod.IMPORTANCE, Optional.of(0.99), Optional.empty()));
    StepRun select = step("select_features", Map.of("methods", methods, "problem_type", ProblemType.BINARY_CLASSIFICATION, "schema", schema),
        normalize, new SelectFeaturesStep());

    Map<String, Object> training = new LinkedHashMap<>();
    training.put("framework", "mllib_logistic_regression");
    training.put("params", Map.of("max_iter", 15));
    training.put("problem_type", ProblemType.BINARY_CLASSIFICATION);
    training.put("schema", schema);
    training.put("primary_metric", "roc_auc");
    StepRun trainModel = StepRun.of(dir, "train_model", training)
        .input("select_features.train_set", select.output("train_set"))
        .input("split_data.label_info", TransformData.labelInfo())
        .outputs("model", "train_metrics")
        .run(new TrainModelStep(FrameworkTrainers.get("mllib_logistic_regression")));

    ModelBundle bundle = ModelBundle.load(spark, trainModel.uri("model"));
    // select_features assembled the features: train_model used them as they were, with readable names.
    assertThat(bundle.descriptor().hasAssembler()).isFalse();
    assertThat(bundle.descriptor().assemblerInputs()).containsExactly(FeatureLayout.FEATURES);
    assertThat(bundle.descriptor().featureNames()).contains("tenure", "charges", "plan_basic").doesNotContain("constant");
    @SuppressWarnings("unchecked")
    List<String> selected = (List<String>) select.recorded().get("selected_features");
    assertThat(selected).contains("tenure", "plan");
    Dataset<Row> predictions = bundle.transform(select.output("test_set")).cache();
    double auc = new BinaryClassificationEvaluator().setLabelCol(LabelInfo.INDEX_COLUMN).setRawPredictionCol("probability").evaluate(predictions);
    assertThat(auc).as("held-out ROC AUC").isGreaterThan(0.8);

    // Serving: the saved PipelineModels, in DAG order, on rows without a label.
    Dataset<Row> scoring = Frames.scoring(test);
    for (StepRun fitted : List.of(custom, encode, normalize, select)) {
      scoring = fitted.fitted().transform(scoring);
    }
    Frames.assertSameValues(select.output("test_set"), scoring, List.of(FeatureLayout.FEATURES));
    Frames.assertSameValues(predictions, bundle.transform(scoring), List.of("probability"));
  }
}
