package io.mbt.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mbt.compiler.model.NormalizationMethod;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.features.FeatureLayout;
import io.mbt.steps.testing.SharedSpark;
import io.mbt.steps.transform.Frames;
import io.mbt.steps.transform.StepRun;
import io.mbt.steps.transform.TransformData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.feature.ImputerModel;
import org.apache.spark.ml.feature.MinMaxScalerModel;
import org.apache.spark.ml.feature.RobustScalerModel;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalizeStepTest {
  private static final List<String> SCALED = List.of(FeatureLayout.NUMERIC, FeatureLayout.NUMERIC_SCALED);

  private final SparkSession spark = SharedSpark.session();
  private final Dataset<Row> train = TransformData.rows(spark, 1000, 1, 0);
  // Charges 30 higher than in the train set: statistics fitted on it would differ.
  private final Dataset<Row> test = TransformData.rows(spark, 300, 2, 30);
  @TempDir Path dir;

  private StepRun run(NormalizationMethod method, List<String> columns, Dataset<Row> trainSet) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("method", method);
    config.put("columns", columns);
    config.put("schema", TransformData.schema());
    return StepRun.transform(dir, "normalize", config, trainSet, test).run(new NormalizeStep());
  }

  @SuppressWarnings("unchecked")
  private static <T extends Transformer> T stage(PipelineModel model, Class<T> type) {
    return (T) Arrays.stream(model.stages()).filter(type::isInstance).findFirst().orElseThrow();
  }

  private static double slot(Row row, int column, int slot) {
    return ((Vector) row.get(column)).apply(slot);
  }

  private static List<String> names(Dataset<Row> data, String column) {
    Attribute[] attributes = AttributeGroup.fromStructField(data.schema().apply(column)).attributes().get();
    return Arrays.stream(attributes).map(a -> a.name().get()).toList();
  }

  @Test
  void standardScalerUsesTheTrainSetsStatisticsImputesItsMedianAndNamesTheSlots() {
    StepRun run = run(NormalizationMethod.STANDARD_SCALER, List.of(), train);

    PipelineModel fitted = run.fitted();
    StandardScalerModel scaler = stage(fitted, StandardScalerModel.class);
    Row stats = train.selectExpr("avg(tenure)", "stddev_samp(tenure)").head();
    assertThat(scaler.mean().apply(0)).isCloseTo(stats.getDouble(0), within(1e-9));
    assertThat(scaler.std().apply(0)).isCloseTo(stats.getDouble(1), within(1e-9));

    Dataset<Row> out = run.output("test_set");
    for (Row row : out.select("tenure", FeatureLayout.NUMERIC_SCALED).limit(20).collectAsList()) {
      assertThat(slot(row, 1, 0)).isCloseTo((row.getInt(0) - stats.getDouble(0)) / stats.getDouble(1), within(1e-9));
    }
    // The test set's higher charges stay visible: about +1 standard deviation, not re-centred.
    Column charges = functions.element_at(org.apache.spark.ml.functions.vector_to_array(functions.col(FeatureLayout.NUMERIC_SCALED), "float64"), 2);
    assertThat(run.output("train_set").select(functions.avg(charges)).head().getDouble(0)).isCloseTo(0.0, within(1e-9));
    assertThat(out.select(functions.avg(charges)).head().getDouble(0)).isGreaterThan(0.8);
    // A missing charge is the train set's median before scaling.
    double median = stage(fitted, ImputerModel.class).surrogateDF().select("__dbl_charges").head().getDouble(0);
    assertThat(train.selectExpr("percentile_approx(charges, 0.5, 100000)").head().getDouble(0)).isCloseTo(median, within(0.5));
    assertThat(out.filter("charges IS NULL").select(FeatureLayout.NUMERIC).collectAsList()).isNotEmpty()
        .allSatisfy(r -> assertThat(slot(r, 0, 1)).isEqualTo(median));

    // Slots named after the columns (Spark's scaler keeps only the size), through the Delta round trip.
    List<String> numeric = List.of("tenure", "charges", "flag", "noise", "constant", "charges_copy");
    assertThat(names(out, FeatureLayout.NUMERIC_SCALED)).isEqualTo(numeric);
    assertThat(out.columns()).contains(test.columns()).noneMatch(c -> c.startsWith("__dbl_") || c.endsWith("__imp"));
    assertThat(run.recorded()).containsEntry("scaled_columns", numeric).containsEntry("method", "standard_scaler");
    Frames.assertSameValues(out, fitted.transform(Frames.scoring(test)), SCALED);
  }

  @Test
  void minMaxScalerMapsTheTrainRangeToTheUnitInterval() {
    StepRun run = run(NormalizationMethod.MIN_MAX_SCALER, List.of(), train);

    MinMaxScalerModel scaler = stage(run.fitted(), MinMaxScalerModel.class);
    Row range = train.selectExpr("min(tenure)", "max(tenure)").head();
    assertThat(scaler.originalMin().apply(0)).isEqualTo(range.getInt(0));
    assertThat(scaler.originalMax().apply(0)).isEqualTo(range.getInt(1));
    Column charges = functions.element_at(org.apache.spark.ml.functions.vector_to_array(functions.col(FeatureLayout.NUMERIC_SCALED), "float64"), 2);
    Row trained = run.output("train_set").select(functions.min(charges), functions.max(charges)).head();
    assertThat(trained.getDouble(0)).isEqualTo(0.0);
    assertThat(trained.getDouble(1)).isEqualTo(1.0);
    assertThat(run.output("test_set").select(functions.max(charges)).head().getDouble(0)).as("test charges beyond the train range").isGreaterThan(1.2);
    Frames.assertSameValues(run.output("test_set"), run.fitted().transform(Frames.scoring(test)), SCALED);
  }

  @Test
  void robustScalerCentresOnTheTrainMedianAndDividesByItsInterquartileRange() {
    StepRun run = run(NormalizationMethod.ROBUST_SCALER, List.of(), train);

    RobustScalerModel scaler = stage(run.fitted(), RobustScalerModel.class);
    Row quartiles = train.selectExpr("percentile(tenure, 0.25)", "percentile(tenure, 0.5)", "percentile(tenure, 0.75)").head();
    assertThat(scaler.median().apply(0)).isCloseTo(quartiles.getDouble(1), within(1.0));
    assertThat(scaler.range().apply(0)).isCloseTo(quartiles.getDouble(2) - quartiles.getDouble(0), within(2.0));
    Row row = run.output("test_set").select("tenure", FeatureLayout.NUMERIC_SCALED).head();
    assertThat(slot(row, 1, 0)).isCloseTo((row.getInt(0) - scaler.median().apply(0)) / scaler.range().apply(0), within(1e-9));
    Frames.assertSameValues(run.output("test_set"), run.fitted().transform(Frames.scoring(test)), SCALED);
  }

  @Test
  void scalesOnlyTheNamedColumnsAndPassesTheOtherNumericFeaturesThroughImputed() {
    StepRun run = run(NormalizationMethod.STANDARD_SCALER, List.of("charges", "tenure"), train);

    Dataset<Row> out = run.output("test_set");
    assertThat(AttributeGroup.fromStructField(out.schema().apply(FeatureLayout.NUMERIC)).size()).isEqualTo(2);
    assertThat(names(out, FeatureLayout.NUMERIC_SCALED)).containsExactly("charges", "tenure", "flag", "noise", "constant", "charges_copy");
    for (Row row : out.select("flag", "noise", "constant", FeatureLayout.NUMERIC_SCALED).limit(20).collectAsList()) {
      assertThat(slot(row, 3, 2)).isEqualTo(row.getBoolean(0) ? 1.0 : 0.0);
      assertThat(slot(row, 3, 3)).isEqualTo(row.getDouble(1));
      assertThat(slot(row, 3, 4)).isEqualTo(1.0);
    }
    Frames.assertSameValues(out, run.fitted().transform(Frames.scoring(test)), SCALED);
  }

  @Test
  void refusesAColumnThatIsNotANumericFeature() {
    assertThatThrownBy(() -> run(NormalizationMethod.STANDARD_SCALER, List.of("plan"), train))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("normalize: normalization.columns names column 'plan', which is not a numeric feature; numeric features:"
            + " tenure, charges, flag, noise, constant, charges_copy");
  }

  @Test
  void failsClearlyWhenANumericColumnHasNoValuesInTheTrainSet() {
    Dataset<Row> empty = train.withColumn("charges", functions.lit(null).cast("double"));
    assertThatThrownBy(() -> run(NormalizationMethod.STANDARD_SCALER, List.of(), empty))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("normalize: numeric column 'charges' has no values in the train set, so its median (used to fill missing values) is undefined");
  }
}
