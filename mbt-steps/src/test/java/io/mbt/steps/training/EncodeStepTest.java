package io.mbt.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.model.EncodingMethod;
import io.mbt.compiler.model.HandleUnknown;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.features.FeatureLayout;
import io.mbt.steps.testing.SharedSpark;
import io.mbt.steps.transform.Frames;
import io.mbt.steps.transform.StepRun;
import io.mbt.steps.transform.TransformData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodeStepTest {
  private final SparkSession spark = SharedSpark.session();
  private final Dataset<Row> train = TransformData.rows(spark, 1000, 1, 0);
  private final Dataset<Row> test = TransformData.rows(spark, 300, 2, 0);
  /** The test set with categories the train set never had in row 0: plan 'enterprise', region 'atlantis'. */
  private final Dataset<Row> testWithUnseen = test
      .withColumn("plan", functions.when(functions.col("id").equalTo(0), "enterprise").otherwise(functions.col("plan")))
      .withColumn("region", functions.when(functions.col("id").equalTo(0), "atlantis").otherwise(functions.col("region")));
  @TempDir Path dir;

  private StepRun run(Dataset<Row> testSet, EncodingMethod method, HandleUnknown handleUnknown, Integer maxCategories, List<String> columns) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("method", method);
    config.put("columns", columns);
    config.put("handle_unknown", handleUnknown);
    if (maxCategories != null) {
      config.put("max_categories", maxCategories);
    }
    config.put("categorical_columns", List.of("season"));
    config.put("schema", TransformData.schema());
    return StepRun.transform(dir, "encode", config, train, testSet).run(new EncodeStep());
  }

  private static List<String> labels(Dataset<Row> data, String column) {
    return List.of(((NominalAttribute) Attribute.fromStructField(data.schema().apply(column))).values().get());
  }

  private static Row row(Dataset<Row> data, long id, String... columns) {
    return data.filter(functions.col("id").equalTo(id)).selectExpr(columns).head();
  }

  @Test
  void oneHotEncodesByTrainFrequencyAndGivesATestOnlyCategoryTheUnknownIndex() {
    StepRun run = run(testWithUnseen, EncodingMethod.ONE_HOT, HandleUnknown.KEEP, null, List.of());

    Dataset<Row> out = run.output("test_set");
    // Most frequent first; a missing plan is a category of its own; index 4 is the unknown bucket.
    assertThat(labels(out, "plan__idx")).containsExactly("basic", "plus", "pro", EncodeStep.MISSING, "__unknown");
    assertThat(labels(out, "region__idx")).containsExactly("north", "south", "east", "west", "islands", "__unknown");
    Row unseen = row(out, 0, "plan__idx", "plan__ohe", "region__idx");
    assertThat(unseen.getDouble(0)).isEqualTo(4.0);
    assertThat(((Vector) unseen.get(1)).toArray()).containsExactly(0, 0, 0, 0, 1, 0);
    assertThat(unseen.getDouble(2)).isEqualTo(5.0);
    assertThat(AttributeGroup.fromStructField(out.schema().apply("region__ohe")).size()).isEqualTo(7);
    // The numeric categorical is indexed as text.
    assertThat(labels(out, "season__idx")).containsExactlyInAnyOrder("1", "2", "3", "4", "__unknown");
    Row season = row(out, 5, "CAST(season AS STRING)", "season__idx");
    assertThat(labels(out, "season__idx").get((int) season.getDouble(1))).isEqualTo(season.getString(0));
    // Originals kept, temporaries gone, and the layout now assembles the one-hot vectors.
    assertThat(out.columns()).contains(test.columns()).noneMatch(c -> c.startsWith("__enc_"));
    assertThat(FeatureLayout.of(out.schema(), TransformData.schema()).assemblerInputs(out.schema()))
        .containsExactly("tenure", "charges", "flag", "noise", "constant", "charges_copy", "plan__ohe", "region__ohe", "season__ohe");
    assertThat(run.recorded()).containsEntry("encoded_columns", List.of("plan", "region", "season"))
        .containsEntry("categories", Map.of("plan", 4, "region", 5, "season", 4));

    List<String> encoded = List.of("plan__idx", "plan__ohe", "region__idx", "region__ohe", "season__idx", "season__ohe");
    Frames.assertSameValues(out, run.fitted().transform(Frames.scoring(testWithUnseen)), encoded);
  }

  @Test
  void maxCategoriesSendsTheRarerCategoriesToTheUnknownBucket() {
    StepRun run = run(testWithUnseen, EncodingMethod.ONE_HOT, HandleUnknown.KEEP, 2, List.of("region"));

    Dataset<Row> out = run.output("test_set");
    assertThat(labels(out, "region__idx")).containsExactly("north", "south", "__unknown");
    Map<String, Double> index = new LinkedHashMap<>();
    out.select("region", "region__idx").distinct().collectAsList().forEach(r -> index.put(r.getString(0), r.getDouble(1)));
    assertThat(index).containsEntry("north", 0.0).containsEntry("south", 1.0).containsEntry("east", 2.0)
        .containsEntry("west", 2.0).containsEntry("islands", 2.0).containsEntry("atlantis", 2.0);
    assertThat(AttributeGroup.fromStructField(out.schema().apply("region__ohe")).size()).isEqualTo(4);
    assertThat(out.columns()).doesNotContain("plan__idx");
    assertThat(run.recorded()).containsEntry("capped_columns", List.of("region"));
    Frames.assertSameValues(out, run.fitted().transform(Frames.scoring(testWithUnseen)), List.of("region__idx", "region__ohe"));
  }

  @Test
  void handleUnknownErrorRefusesACategoryTheTrainSetLacks() {
    assertThatThrownBy(() -> run(testWithUnseen, EncodingMethod.INDEX, HandleUnknown.ERROR, null, List.of("plan")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("encode: the test set has a category the train set does not (Unseen label: enterprise.");
  }

  @Test
  void handleUnknownErrorWithMaxCategoriesGivesTheTrainSetsRareCategoriesAnOtherIndex() {
    StepRun run = run(test, EncodingMethod.INDEX, HandleUnknown.ERROR, 2, List.of("region"));

    Dataset<Row> out = run.output("test_set");
    assertThat(labels(out, "region__idx")).containsExactly("north", "south", EncodeStep.OTHER);
    assertThat(out.filter("region = 'islands'").select("region__idx").distinct().collectAsList()).extracting(r -> r.getDouble(0))
        .containsExactly(2.0);
    // Index only: no one-hot vector.
    assertThat(out.columns()).doesNotContain("region__ohe");
    Frames.assertSameValues(out, run.fitted().transform(Frames.scoring(test)), List.of("region__idx"));
  }

  @Test
  void refusesAColumnThatIsNotACategoricalFeature() {
    assertThatThrownBy(() -> run(test, EncodingMethod.ONE_HOT, HandleUnknown.KEEP, null, List.of("tenure")))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("encode: encoding.columns names column 'tenure', which is not a categorical feature; categorical features: plan, region, season");
    assertThatThrownBy(() -> run(test, EncodingMethod.ONE_HOT, HandleUnknown.KEEP, null, List.of("plna")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("encode: encoding.columns names column 'plna', which is not in the train set; columns: id, plan, region,");
  }

  @Test
  void refusesAMaxCategoriesBelowOne() {
    assertThatThrownBy(() -> run(test, EncodingMethod.ONE_HOT, HandleUnknown.KEEP, 0, List.of()))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("encode: max_categories must be >= 1, but was: 0");
  }
}
