package io.mbt.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.compiler.model.TimeUnit;
import io.mbt.compiler.model.TrainingWindows;
import io.mbt.compiler.model.Window;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.testing.StepHarness;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitDataStepTest {
  @TempDir Path dir;

  private static SchemaSpec schema(String label, List<String> classes, Optional<String> positive) {
    return new SchemaSpec(new SchemaSpec.Target(label, classes, positive), SchemaSpec.Identifiers.none(), List.of(), List.of(), List.of(),
        Map.of());
  }

  /** 1000 customers, every fifth churned ("Yes"), plus one null label and one undeclared label. */
  private static Dataset<Row> customers(StepHarness h) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      rows.add(RowFactory.create(i, i % 5 == 0 ? "Yes" : "No", i * 0.5));
    }
    rows.add(RowFactory.create(1000, null, 1.0));
    rows.add(RowFactory.create(1001, "Maybe", 1.0));
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("Churn", DataTypes.StringType).add("x", DataTypes.DoubleType);
    return h.spark().createDataFrame(rows, schema);
  }

  private StepHarness.Spec split(StepHarness h, String method) {
    return h.step("split_data", SplitDataStep.class)
        .config("method", method)
        .config("test_size", 0.25)
        .config("seed", 7)
        .config("label_column", "Churn")
        .config("schema", schema("Churn", List.of("No", "Yes"), Optional.of("Yes")))
        .inputs("validate_data.validated_data")
        .outputs("train_set", "test_set", "label_info");
  }

  @Test
  void stratifiedSplitKeepsEachClassShareExactlyAndIsReproducible() {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("r1", "validate_data.validated_data", customers(h));

    StepHarness.StepRun run = split(h, "stratified").run("r1");

    Dataset<Row> test = run.table("test_set");
    Map<String, Long> byClass = counts(test);
    assertThat(byClass).containsExactlyInAnyOrderEntriesOf(Map.of("No", 200L, "Yes", 50L));
    assertThat(counts(run.table("train_set"))).containsExactlyInAnyOrderEntriesOf(Map.of("No", 600L, "Yes", 150L));
    assertThat(run.table("train_set").join(test, "id").count()).isZero();
    assertThat(test.select("Churn", LabelInfo.INDEX_COLUMN).distinct().orderBy("Churn").collectAsList()).extracting(Row::toString)
        .containsExactly("[No,0.0]", "[Yes,1.0]");
    assertThat(run.json("label_info", LabelInfo.class))
        .isEqualTo(new LabelInfo("Churn", ProblemType.BINARY_CLASSIFICATION, List.of("No", "Yes"), "Yes"));
    assertThat(run.details()).containsEntry("train_rows", 750L).containsEntry("test_rows", 250L)
        .containsEntry("label_distribution", Map.of("train", Map.of("No", 600L, "Yes", 150L), "test", Map.of("No", 200L, "Yes", 50L)))
        .containsEntry("rows_dropped", Map.of("null_label", 1L, "undeclared_class", 1L, "outside_windows", 0L));
    assertThat(run.logLines()).anyMatch(l -> l.contains("rows_dropped"));

    List<Integer> again = split(h, "stratified").run("r1").table("test_set").orderBy("id").select("id").as(org.apache.spark.sql.Encoders.INT())
        .collectAsList();
    assertThat(again).isEqualTo(test.orderBy("id").select("id").as(org.apache.spark.sql.Encoders.INT()).collectAsList());
  }

  @Test
  void splitsAreStoredAsViewRecipesNotAsCopiesOfTheData() throws Exception {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("r1", "validate_data.validated_data", customers(h));

    StepHarness.StepRun run = split(h, "stratified").run("r1");

    for (String output : List.of("train_set", "test_set")) {
      org.apache.hadoop.fs.Path location = new org.apache.hadoop.fs.Path(run.outputUri(output));
      org.apache.hadoop.fs.FileSystem fs = location.getFileSystem(h.spark().sparkContext().hadoopConfiguration());
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(location, "_delta_log"))).as(output + " has no Delta table").isFalse();
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(location, "metadata"))).as(output + " has its saved recipe").isTrue();
    }
    assertThat(run.table("train_set").count() + run.table("test_set").count()).isEqualTo(1000L);
  }

  private static Map<String, Long> counts(Dataset<Row> data) {
    Map<String, Long> out = new java.util.TreeMap<>();
    data.groupBy("Churn").count().collectAsList().forEach(r -> out.put(r.getString(0), r.getLong(1)));
    return out;
  }

  @Test
  void randomSplitPartitionsTheRowsNearTheTestSize() {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("r1", "validate_data.validated_data", customers(h));

    StepHarness.StepRun run = split(h, "random").run("r1");

    long train = (Long) run.details().get("train_rows");
    long test = (Long) run.details().get("test_rows");
    assertThat(train + test).isEqualTo(1000);
    assertThat(test).isBetween(200L, 300L);
    assertThat(run.table("test_set").count()).isEqualTo(test);
  }

  @Test
  void minRowsFailsWithBothNumbersAndTheFix() {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("r1", "validate_data.validated_data", customers(h));

    assertThatThrownBy(() -> split(h, "stratified").config("min_rows", 5000).run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("the train set has 750 rows, fewer than min_rows = 5000 (split 'stratified'; 250 test rows; dropped: 1 null labels,"
            + " 1 labels not in schema.target.classes, 0 rows outside the data windows)")
        .extracting(e -> ((StepFailedException) e).hint()).isEqualTo("lower test_size, or load more data; or lower training.data_source.min_rows");
    assertThat(h.store().list("r1", "split_data")).doesNotContain("train_set", "test_set");
  }

  @Test
  void undeclaredClassesAreTheSortedLabelValuesWithThePositiveClassSecond() {
    StepHarness h = StepHarness.in(dir);
    Dataset<Row> data = h.spark().range(100).select(functions.col("id"), functions.col("id").mod(2).cast("int").as("label"));
    h.seedTable("r1", "validate_data.validated_data", data);

    StepHarness.StepRun run = h.step("split_data", SplitDataStep.class).config("method", "random").config("test_size", 0.3)
        .config("seed", 1).config("label_column", "label").config("schema", schema("label", List.of(), Optional.of("0")))
        .inputs("validate_data.validated_data").outputs("train_set", "test_set", "label_info").run("r1");

    assertThat(run.json("label_info", LabelInfo.class).classes()).containsExactly("1", "0");
    assertThat(run.table("train_set").filter("label = 0").select(LabelInfo.INDEX_COLUMN).distinct().head().getDouble(0)).isEqualTo(1.0);
  }

  @Test
  void regressionHasNoClassesAndIndexesTheLabelValue() {
    StepHarness h = StepHarness.in(dir).withProblemType(ProblemType.REGRESSION);
    Dataset<Row> data = h.spark().range(200).select(functions.col("id"), functions.col("id").multiply(1.5).as("price"));
    h.seedTable("r1", "validate_data.validated_data", data);

    StepHarness.StepRun run = h.step("split_data", SplitDataStep.class).config("method", "stratified").config("test_size", 0.2)
        .config("seed", 1).config("label_column", "price").inputs("validate_data.validated_data")
        .outputs("train_set", "test_set", "label_info").run("r1");

    assertThat(run.json("label_info", LabelInfo.class).classes()).isEmpty();
    assertThat(run.details()).containsEntry("method", "random").doesNotContainKey("label_distribution");
    assertThat(run.table("test_set").filter(functions.col(LabelInfo.INDEX_COLUMN).notEqual(functions.col("price"))).count()).isZero();
  }

  /** Daily rows from 2024-11-01 to 2025-03-31. */
  private static Dataset<Row> daily(StepHarness h) {
    List<Row> rows = new ArrayList<>();
    int i = 0;
    for (LocalDate d = LocalDate.of(2024, 11, 1); d.isBefore(LocalDate.of(2025, 4, 1)); d = d.plusDays(1)) {
      rows.add(RowFactory.create(Date.valueOf(d), i++ % 3 == 0 ? "Yes" : "No"));
    }
    return h.spark().createDataFrame(rows, new StructType().add("snapshot_date", DataTypes.DateType).add("Churn", DataTypes.StringType));
  }

  private StepHarness.Spec timeSplit(StepHarness h) {
    TrainingWindows windows = new TrainingWindows(new Window(-1, 1, TimeUnit.MONTH), new Window(0, 2, TimeUnit.MONTH), Optional.empty());
    return h.step("split_data", SplitDataStep.class).config("method", "time").config("data_windows", windows)
        .config("partition_key", "snapshot_date").config("label_column", "Churn")
        .config("schema", schema("Churn", List.of("No", "Yes"), Optional.of("Yes")))
        .inputs("validate_data.validated_data").outputs("train_set", "test_set", "label_info");
  }

  @Test
  void timeSplitTrainsOnTheTrainWindowAndTestsOnTheLabelWindow() {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("r1", "validate_data.validated_data", daily(h));

    StepHarness.StepRun run = timeSplit(h).executionDate(LocalDate.of(2025, 3, 10)).run("r1");

    Row train = run.table("train_set").agg(functions.min("snapshot_date"), functions.max("snapshot_date")).head();
    Row test = run.table("test_set").agg(functions.min("snapshot_date"), functions.max("snapshot_date")).head();
    assertThat(List.of(train.getDate(0).toLocalDate(), train.getDate(1).toLocalDate()))
        .containsExactly(LocalDate.of(2024, 12, 1), LocalDate.of(2025, 1, 31));
    assertThat(List.of(test.getDate(0).toLocalDate(), test.getDate(1).toLocalDate()))
        .containsExactly(LocalDate.of(2025, 2, 1), LocalDate.of(2025, 2, 28));
    assertThat(run.details()).containsEntry("train_rows", 62L).containsEntry("test_rows", 28L)
        .containsEntry("rows_dropped", Map.of("null_label", 0L, "undeclared_class", 0L, "outside_windows", 61L));
  }

  @Test
  void timeSplitRefusesAnExecutionDateInTheFuture() {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("r1", "validate_data.validated_data", daily(h));
    LocalDate future = StepHarness.todayUtc().plusMonths(1);

    assertThatThrownBy(() -> timeSplit(h).executionDate(future).run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("execution_date " + future + " is in the future (today is " + StepHarness.todayUtc() + " UTC)");
  }

  @Test
  void stratifiedThresholdsAreEachClassesKthSmallestHashWithTiesAndTinyClasses() {
    StepHarness h = StepHarness.in(dir).withProblemType(ProblemType.MULTICLASS_CLASSIFICATION);
    // 3 classes of 6000, 3006 and 2 rows. Every row of class "b" is there twice: its k = round(601.2) = 601st smallest hash
    // has a twin, which goes to test too (602 rows). The 2-row class sends round(0.4) = 0 rows to test.
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      rows.add(RowFactory.create(i, "a", i * 0.25));
    }
    for (int i = 0; i < 1503; i++) {
      rows.add(RowFactory.create(10_000 + i, "b", 1.0));
      rows.add(RowFactory.create(10_000 + i, "b", 1.0));
    }
    rows.add(RowFactory.create(20_000, "c", 2.0));
    rows.add(RowFactory.create(20_001, "c", 3.0));
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("y", DataTypes.StringType).add("x", DataTypes.DoubleType);
    Dataset<Row> data = h.spark().createDataFrame(rows, schema);
    h.seedTable("r1", "validate_data.validated_data", data);

    StepHarness.StepRun run = h.step("split_data", SplitDataStep.class).config("method", "stratified").config("test_size", 0.2)
        .config("seed", 3).config("label_column", "y").config("schema", schema("y", List.of("a", "b", "c"), Optional.empty()))
        .inputs("validate_data.validated_data").outputs("train_set", "test_set", "label_info").run("r1");

    // The definition, computed the slow way: per class, the rows whose hash is at most the k-th smallest.
    LabelInfo label = run.json("label_info", LabelInfo.class);
    org.apache.spark.sql.Column u = SplitRows.of(label, 3, schema).uniform();
    Map<String, Long> expectedTest = new java.util.TreeMap<>();
    for (String cls : List.of("a", "b", "c")) {
      List<Double> hashes = data.where(functions.col("y").equalTo(cls)).select(u).as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList()
          .stream().sorted().toList();
      long k = Math.round(hashes.size() * 0.2);
      if (k > 0) {
        double threshold = hashes.get((int) k - 1);
        expectedTest.put(cls, hashes.stream().filter(v -> v <= threshold).count());
      }
    }
    assertThat(expectedTest).containsEntry("a", 1200L).containsEntry("b", 602L).doesNotContainKey("c");
    Map<String, Long> test = new java.util.TreeMap<>();
    run.table("test_set").groupBy("y").count().collectAsList().forEach(r -> test.put(r.getString(0), r.getLong(1)));
    assertThat(test).isEqualTo(expectedTest);
    assertThat(run.details()).containsEntry("label_distribution", Map.of(
        "train", Map.of("a", 4800L, "b", 2404L, "c", 2L), "test", Map.of("a", 1200L, "b", 602L, "c", 0L)));
    assertThat(run.table("train_set").count()).isEqualTo(7206L);
  }
}
