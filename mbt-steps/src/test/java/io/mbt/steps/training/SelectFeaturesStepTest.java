package io.mbt.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.model.EncodingMethod;
import io.mbt.compiler.model.FeatureSelectionSpec;
import io.mbt.compiler.model.HandleUnknown;
import io.mbt.compiler.model.NormalizationMethod;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.compiler.model.SelectionMethod;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.features.FeatureLayout;
import io.mbt.steps.features.FeatureNames;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.testing.SharedSpark;
import io.mbt.steps.transform.Frames;
import io.mbt.steps.transform.StepRun;
import io.mbt.steps.transform.TransformData;
import io.mbt.steps.transform.TransformIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectFeaturesStepTest {
  private static final List<String> ALL = List.of("tenure", "charges", "flag", "noise", "constant", "charges_copy", "plan", "region", "season");
  private static Dataset<Row> train;
  private static Dataset<Row> test;
  /** The train and test sets as encode (one-hot) and normalize (standard) leave them. */
  private static Dataset<Row> encodedTrain;
  private static Dataset<Row> encodedTest;
  @TempDir Path dir;

  @BeforeAll
  static void prepare() {
    SparkSession spark = SharedSpark.session();
    train = TransformData.rows(spark, 1500, 1, 0).cache();
    test = TransformData.rows(spark, 400, 2, 0).cache();
    EncodeStep.Config encoding = new EncodeStep.Config(EncodingMethod.ONE_HOT, List.of(), HandleUnknown.KEEP, Optional.empty(), List.of(),
        TransformData.schema());
    PipelineModel encode = EncodeStep.fit(encoding, TransformData.CATEGORICAL, train).model();
    List<PipelineStage> scaling = NormalizeStep.stages(NormalizationMethod.STANDARD_SCALER, TransformData.NUMERIC, List.of());
    PipelineModel normalize = TransformIO.fit(scaling, encode.transform(train));
    encodedTrain = normalize.transform(encode.transform(train)).cache();
    encodedTest = normalize.transform(encode.transform(test)).cache();
  }

  private static FeatureSelectionSpec.Method method(SelectionMethod name, Double threshold, Integer topK) {
    return new FeatureSelectionSpec.Method(name, Optional.ofNullable(threshold), Optional.ofNullable(topK));
  }

  private StepRun run(Dataset<Row> trainSet, Dataset<Row> testSet, SchemaSpec schema, ProblemType problem, FeatureSelectionSpec.Method... methods) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("methods", List.of(methods));
    config.put("problem_type", problem);
    config.put("schema", schema);
    return StepRun.transform(dir, "select_features", config, trainSet, testSet).run(new SelectFeaturesStep());
  }

  private StepRun run(FeatureSelectionSpec.Method... methods) {
    return run(encodedTrain, encodedTest, TransformData.schema(), ProblemType.BINARY_CLASSIFICATION, methods);
  }

  @SuppressWarnings("unchecked")
  private static List<String> selected(StepRun run) {
    return (List<String>) run.recorded().get("selected_features");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> dropped(StepRun run) {
    return (Map<String, String>) run.recorded().get("dropped_features");
  }

  private static int featureSize(Dataset<Row> data) {
    return AttributeGroup.fromStructField(data.schema().apply(FeatureLayout.FEATURES)).size();
  }

  @Test
  void importanceKeepsTheFeaturesThatDriveTheLabelAndDropsTheRest() {
    StepRun run = run(method(SelectionMethod.IMPORTANCE, 0.9, null));

    assertThat(selected(run)).contains("tenure", "plan").doesNotContain("constant");
    assertThat(dropped(run)).containsKey("constant").allSatisfy((feature, reason) -> assertThat(reason).startsWith("importance: "));
    List<String> all = new ArrayList<>(selected(run));
    all.addAll(dropped(run).keySet());
    assertThat(all).containsExactlyInAnyOrderElementsOf(ALL);
    Dataset<Row> out = run.output("test_set");
    assertThat(out.columns()).contains(encodedTest.columns());
    Frames.assertSameValues(out, run.fitted().transform(Frames.scoring(encodedTest)), List.of(FeatureLayout.FEATURES));
  }

  @Test
  void varianceThresholdMeasuresRawColumnsAndSlicesTheScaledVectorByColumn() {
    StepRun run = run(method(SelectionMethod.VARIANCE_THRESHOLD, 0.5, null));

    // Scaled, every variance would be 1; raw, the 0/1 flag has 0.25 and the constant 0.
    assertThat(dropped(run).keySet()).containsExactly("flag", "constant");
    assertThat(dropped(run).get("flag")).startsWith("variance_threshold: variance 0.249").endsWith(" <= 0.5");
    assertThat(dropped(run).get("constant")).isEqualTo("variance_threshold: variance 0.00000 <= 0.5");
    Dataset<Row> out = run.output("test_set");
    // Four scaled numeric slots, then the one-hot vectors whole: plan 4+2, region 5+2, season 4+2.
    assertThat(featureSize(out)).isEqualTo(4 + 6 + 7 + 6);
    List<String> names = FeatureNames.of(out, FeatureLayout.FEATURES, TransformData.schema());
    assertThat(names.subList(0, 5)).containsExactly("tenure", "charges", "noise", "charges_copy", "plan_basic");
    for (Row row : out.select(FeatureLayout.NUMERIC_SCALED, FeatureLayout.FEATURES).limit(10).collectAsList()) {
      Vector scaled = (Vector) row.get(0);
      Vector features = (Vector) row.get(1);
      assertThat(new double[] {features.apply(0), features.apply(1), features.apply(2), features.apply(3)})
          .containsExactly(scaled.apply(0), scaled.apply(1), scaled.apply(3), scaled.apply(5));
    }
    Frames.assertSameValues(out, run.fitted().transform(Frames.scoring(encodedTest)), List.of(FeatureLayout.FEATURES));
  }

  @Test
  void correlationFilterDropsTheLaterColumnOfACorrelatedPair() {
    StepRun run = run(method(SelectionMethod.CORRELATION_FILTER, 0.9, null));

    assertThat(dropped(run)).containsOnlyKeys("charges_copy");
    assertThat(dropped(run).get("charges_copy")).isEqualTo("correlation_filter: |correlation| 1.0000 with 'charges' > 0.9");
  }

  @Test
  void univariateKeepsTheFeaturesAssociatedWithTheLabel() {
    StepRun run = run(method(SelectionMethod.UNIVARIATE, 0.001, null));

    assertThat(selected(run)).contains("tenure", "charges", "charges_copy", "plan").doesNotContain("constant", "noise", "region", "season");
    assertThat(dropped(run).get("constant")).isEqualTo("univariate: p-value 1.000 >= 0.001");
  }

  @Test
  void imputesRawNumericColumnsAndKeepsTheTopKByPValueForRegression() {
    // Index-encoded, not normalized; a regression label driven by tenure, then charges.
    EncodeStep.Config encoding = new EncodeStep.Config(EncodingMethod.INDEX, List.of(), HandleUnknown.KEEP, Optional.empty(), List.of(),
        TransformData.schema());
    PipelineModel encode = EncodeStep.fit(encoding, TransformData.CATEGORICAL, train).model();
    String label = "3 * tenure + 0.5 * coalesce(charges, 70) + randn(3)";
    Dataset<Row> trainSet = encode.transform(train).withColumn(LabelInfo.INDEX_COLUMN, functions.expr(label));
    Dataset<Row> testSet = encode.transform(test).withColumn(LabelInfo.INDEX_COLUMN, functions.expr(label));

    StepRun run = run(trainSet, testSet, TransformData.schema(), ProblemType.REGRESSION, method(SelectionMethod.UNIVARIATE, null, 2));

    assertThat(selected(run)).containsExactly("tenure", "charges");
    Dataset<Row> out = run.output("test_set");
    assertThat(FeatureNames.of(out, FeatureLayout.FEATURES, TransformData.schema())).containsExactly("tenure", "charges");
    double median = train.selectExpr("percentile_approx(charges, 0.5, 100000)").head().getDouble(0);
    List<Row> missing = out.filter("charges IS NULL").select(FeatureLayout.FEATURES).collectAsList();
    assertThat(missing).isNotEmpty().allSatisfy(r -> assertThat(((Vector) r.get(0)).apply(1)).isCloseTo(median, org.assertj.core.api.Assertions.within(0.5)));
    assertThat(out.columns()).noneMatch(c -> c.endsWith("__imp") || c.startsWith("__dbl_") || c.startsWith("__selection"));
    Frames.assertSameValues(out, run.fitted().transform(testSet.drop(LabelInfo.INDEX_COLUMN, "label")), List.of(FeatureLayout.FEATURES));
  }

  @Test
  void appliesTheMethodsInOrderOnWhatTheEarlierOnesKept() {
    StepRun run = run(method(SelectionMethod.VARIANCE_THRESHOLD, 0.5, null), method(SelectionMethod.CORRELATION_FILTER, 0.9, null),
        method(SelectionMethod.IMPORTANCE, 0.99, null));

    List<String> order = new ArrayList<>(dropped(run).keySet());
    assertThat(order.subList(0, 3)).containsExactly("flag", "constant", "charges_copy");
    assertThat(dropped(run).get("charges_copy")).startsWith("correlation_filter: ");
    order.subList(3, order.size()).forEach(f -> assertThat(dropped(run).get(f)).startsWith("importance: "));
    assertThat(selected(run)).contains("tenure", "charges", "plan");
  }

  @Test
  void refusesThresholdsOutOfRangeBeforeAnyWork() {
    assertThatThrownBy(() -> run(method(SelectionMethod.IMPORTANCE, 1.5, null)))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("select_features: importance threshold must be in (0, 1], but was: 1.5");
    assertThatThrownBy(() -> run(method(SelectionMethod.UNIVARIATE, null, 0)))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("select_features: univariate top_k must be >= 1, but was: 0");
  }

  @Test
  void failsWhenAMethodWouldDropEveryFeature() {
    SchemaSpec numericOnly = TransformData.schema(List.of("plan", "region", "season"));
    assertThatThrownBy(() -> run(encodedTrain, encodedTest, numericOnly, ProblemType.BINARY_CLASSIFICATION,
        method(SelectionMethod.VARIANCE_THRESHOLD, 1e9, null)))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("select_features: variance_threshold dropped every remaining feature (tenure, charges, flag, noise, constant, charges_copy)");
  }
}
