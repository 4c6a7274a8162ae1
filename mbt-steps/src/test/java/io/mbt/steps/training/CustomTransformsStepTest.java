package io.mbt.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.model.CustomTransform;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.testing.SharedSpark;
import io.mbt.steps.transform.Frames;
import io.mbt.steps.transform.MedianFill;
import io.mbt.steps.transform.RatioFeature;
import io.mbt.steps.transform.StepRun;
import io.mbt.steps.transform.TransformData;
import io.mbt.steps.transform.UnsavableTransform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.feature.ImputerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomTransformsStepTest {
  private final SparkSession spark = SharedSpark.session();
  private final Dataset<Row> train = TransformData.rows(spark, 400, 1, 0);
  // The test set's charges are 30 higher: a median fitted on it would differ from the train set's.
  private final Dataset<Row> test = TransformData.rows(spark, 200, 2, 30);
  @TempDir Path dir;

  private StepRun run(CustomTransform... transforms) {
    // As the compiler writes them: each transform on its own, so that its "kind" is kept.
    List<Map<String, Object>> config = Stream.of(transforms).map(ManifestJson::toMap).toList();
    return StepRun.transform(dir, "custom_transforms", Map.of("transforms", config), train, test).run(new CustomTransformsStep());
  }

  @Test
  void appliesSqlThenAUserClassLoadedByNameAndReplaysTheSavedModelOnScoringData() {
    StepRun run = run(
        new CustomTransform.Sql("is_new", "SELECT *, CASE WHEN tenure < 6 THEN 1 ELSE 0 END AS is_new FROM __THIS__"),
        new CustomTransform.UserClass("charge_ratio", RatioFeature.class.getName(),
            Map.of("numerator", "charges", "denominator", "tenure", "output", "charge_per_month")));

    Dataset<Row> out = run.output("test_set");
    assertThat(out.columns()).contains(test.columns()).contains("is_new", "charge_per_month");
    for (Row row : out.filter("charges IS NOT NULL AND tenure > 0").select("tenure", "charges", "is_new", "charge_per_month").limit(20).collectAsList()) {
      assertThat(row.getDouble(3)).isCloseTo(row.getDouble(1) / row.getInt(0), within(1e-9));
      assertThat(row.getInt(2)).isEqualTo(row.getInt(0) < 6 ? 1 : 0);
    }
    assertThat(run.output("train_set").columns()).contains("is_new", "charge_per_month");
    assertThat(run.recorded()).containsEntry("transforms", List.of("is_new", "charge_ratio"))
        .containsEntry("added_columns", List.of("is_new", "charge_per_month"));
    Frames.assertSameValues(out, run.fitted().transform(Frames.scoring(test)), List.of("is_new", "charge_per_month"));
  }

  @Test
  void fitsAUserEstimatorOnTheTrainSetOnly() {
    StepRun run = run(new CustomTransform.UserClass("fill", MedianFill.class.getName(), Map.of("column", "charges")));

    double trainMedian = train.selectExpr("percentile_approx(charges, 0.5, 100000)").head().getDouble(0);
    double surrogate = ((ImputerModel) run.fitted().stages()[0]).surrogateDF().head().getDouble(0);
    assertThat(surrogate).isCloseTo(trainMedian, within(0.5));
    List<Row> filled = run.output("test_set").filter("charges IS NULL").select("charges_filled").collectAsList();
    assertThat(filled).isNotEmpty().allSatisfy(r -> assertThat(r.getDouble(0)).isEqualTo(surrogate));
  }

  @Test
  void refusesABadStatementWithSparksMessageAndTheTransformsName() {
    assertThatThrownBy(() -> run(new CustomTransform.Sql("broken", "SELECT *, nosuch + 1 AS x FROM __THIS__")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("custom transform 'broken' failed: ")
        .hasMessageContaining("`nosuch` cannot be resolved");
    // The failed check leaves no temporary view in the (shared) session.
    assertThat(spark.catalog().listTables().collectAsList()).extracting(t -> t.name())
        .noneMatch(name -> name.startsWith("sql_broken") || name.startsWith("__mbt_check"));
  }

  @Test
  void refusesAStatementThatDoesNotReadThis() {
    assertThatThrownBy(() -> run(new CustomTransform.Sql("constant", "SELECT 1 AS x")))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("custom transform 'constant': its SQL statement does not read from __THIS__, the table that stands for the step's input");
  }

  @Test
  void refusesAStatementThatDropsTheLabelIndex() {
    assertThatThrownBy(() -> run(new CustomTransform.Sql("narrow", "SELECT id, tenure FROM __THIS__")))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("custom transform 'narrow' removed column '__label', which later steps need");
  }

  @Test
  void refusesAClassThatIsNotOnTheClasspath() {
    assertThatThrownBy(() -> run(new CustomTransform.UserClass("ext", "com.example.Missing", Map.of())))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("custom transform 'ext': class 'com.example.Missing' is not on the classpath");
  }

  @Test
  void refusesAClassThatIsNotAUserTransform() {
    assertThatThrownBy(() -> run(new CustomTransform.UserClass("ext", "java.lang.StringBuilder", Map.of())))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("custom transform 'ext': class 'java.lang.StringBuilder' does not implement io.mbt.steps.transform.UserTransform");
  }

  @Test
  void reportsTheUserTransformsOwnConfigError() {
    assertThatThrownBy(() -> run(new CustomTransform.UserClass("ratio", RatioFeature.class.getName(), Map.of("numerator", "charges"))))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("custom transform 'ratio' failed: ratio: config needs 'denominator' (a column name)");
  }

  @Test
  void refusesAStageThatServingCouldNotLoad() {
    assertThatThrownBy(() -> run(new CustomTransform.UserClass("identity", UnsavableTransform.class.getName(), Map.of())))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("custom transform 'identity': its stage io.mbt.steps.transform.UnsavableTransform$Identity cannot be saved"
            + " (it does not implement MLWritable), so serving could not replay it");
  }
}
