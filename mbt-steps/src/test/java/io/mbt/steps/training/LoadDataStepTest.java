package io.mbt.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.model.ColumnType;
import io.mbt.compiler.model.FeatureTable;
import io.mbt.compiler.model.JoinType;
import io.mbt.compiler.model.TimeUnit;
import io.mbt.compiler.model.TrainingWindows;
import io.mbt.compiler.model.Window;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.testing.StepHarness;
import java.io.IOException;
import java.nio.file.Files;
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

class LoadDataStepTest {
  @TempDir Path dir;

  private static FeatureTable table(String name) {
    return new FeatureTable(name, List.of(), JoinType.INNER, false, List.of());
  }

  private StepHarness.Spec load(StepHarness h, List<FeatureTable> tables, List<String> outputs) {
    return h.step("load_data", LoadDataStep.class)
        .config("tables", tables)
        .config("label_table", tables.get(0).table())
        .config("connector", AdapterRef.of("local_file", Map.of("data_path", "./data")))
        .config("columns", List.of())
        .config("column_types", Map.of())
        .outputs(outputs.toArray(String[]::new));
  }

  private void writeCsv(String name, String content) throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data").resolve(name), content);
  }

  @Test
  void loadsCsvAndCastsTextThatDoesNotParseToNull() throws IOException {
    writeCsv("customers.csv", "id,tenure,TotalCharges,Churn\n1,3,29.85,No\n2,0, ,Yes\n3,12,1889.5,No\n");
    StepHarness h = StepHarness.in(dir);

    StepHarness.StepRun run = load(h, List.of(table("customers")), List.of("raw_data"))
        .config("column_types", Map.of("TotalCharges", ColumnType.DOUBLE, "tenure", ColumnType.LONG))
        .run("r1");

    Dataset<Row> raw = run.table("raw_data");
    assertThat(raw.schema().apply("TotalCharges").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(raw.schema().apply("tenure").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(raw.orderBy("id").select("TotalCharges").collectAsList()).extracting(r -> r.isNullAt(0) ? null : r.getDouble(0))
        .containsExactly(29.85, null, 1889.5);
    assertThat(run.details()).containsEntry("rows", 3L).containsEntry("rows_per_table", Map.of("customers", 3L))
        .containsEntry("connector", "local_file");
  }

  @Test
  void prunesToThePipelineColumns() throws IOException {
    writeCsv("customers.csv", "id,name,email,tenure,Churn\n1,a,a@x,3,No\n2,b,b@x,5,Yes\n");
    StepHarness h = StepHarness.in(dir);

    Dataset<Row> raw = load(h, List.of(table("customers")), List.of("raw_data"))
        .config("columns", List.of("id", "Churn", "tenure"))
        .run("r1").table("raw_data");

    assertThat(raw.columns()).containsExactly("id", "Churn", "tenure");
  }

  @Test
  void missingColumnIsNamedWithTheTablesColumns() throws IOException {
    writeCsv("customers.csv", "id,tenure,Churn\n1,3,No\n");
    StepHarness h = StepHarness.in(dir);

    assertThatThrownBy(() -> load(h, List.of(table("customers")), List.of("raw_data")).config("columns", List.of("id", "tenur", "Churn")).run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("column 'tenur' is not in table 'customers' (")
        .hasMessageEndingWith("customers.csv); its columns: id, tenure, Churn");
  }

  @Test
  void missingTableNamesWhereItLookedAndWhatExists() throws IOException {
    writeCsv("customers.csv", "id\n1\n");
    writeCsv("orders.csv", "id\n1\n");
    StepHarness h = StepHarness.in(dir);

    assertThatThrownBy(() -> load(h, List.of(table("customer")), List.of("raw_data")).run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("table 'customer' not found by the local_file connector; looked at ")
        .hasMessageContaining("/data/customer.parquet, ")
        .hasMessageContaining("/data/customer.csv")
        .hasMessageEndingWith("existing: customers.csv, orders.csv");
  }

  @Test
  void autoFormatFindsParquetAndDeltaTables() {
    StepHarness h = StepHarness.in(dir);
    Dataset<Row> data = h.spark().range(5).withColumn("value", functions.col("id").multiply(2));
    data.write().parquet(dir.resolve("data/events.parquet").toString());
    data.write().format("delta").save(dir.resolve("data/profiles").toString());

    StepHarness.StepRun run = load(h, List.of(table("events"), new FeatureTable("profiles", List.of("id"), JoinType.LEFT, false, List.of())),
        List.of("raw_events", "raw_profiles")).run("r1");

    assertThat(run.table("raw_events").count()).isEqualTo(5);
    assertThat(run.table("raw_profiles").agg(functions.sum("value")).head().getLong(0)).isEqualTo(20);
    assertThat(run.details()).as("parquet cannot be pinned, so both tables are copied").containsEntry("rows_per_table", Map.of("events", 5L, "profiles", 5L));
  }

  @Test
  void explicitFormatAndTableFileNames() throws IOException {
    writeCsv("export_2025.txt", "id;score\n1;0.5\n2;0.7\n");
    StepHarness h = StepHarness.in(dir);

    Dataset<Row> raw = load(h, List.of(table("scores")), List.of("raw_data"))
        .config("connector", AdapterRef.of("local_file", Map.of("data_path", "./data", "format", "csv",
            "csv_options", Map.of("sep", ";", "header", true, "inferSchema", true), "tables", Map.of("scores", "export_2025.txt"))))
        .run("r1").table("raw_data");

    assertThat(raw.schema().apply("score").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(raw.count()).isEqualTo(2);
  }

  /** Daily rows from 2024-10-01 to 2025-04-30 with a snapshot_date partition column. */
  private Dataset<Row> daily(StepHarness h) {
    List<Row> rows = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2024, 10, 1); d.isBefore(LocalDate.of(2025, 5, 1)); d = d.plusDays(1)) {
      rows.add(RowFactory.create(Date.valueOf(d), d.getDayOfMonth() % 2 == 0 ? "Yes" : "No"));
    }
    StructType schema = new StructType().add("snapshot_date", DataTypes.DateType).add("churned", DataTypes.StringType);
    return h.spark().createDataFrame(rows, schema);
  }

  private static Row dateRange(Dataset<Row> data) {
    return data.agg(functions.min("snapshot_date"), functions.max("snapshot_date")).head();
  }

  @Test
  void dataWindowsFilterThePartitionKeyFromTrainStartToLabelEnd() {
    StepHarness h = StepHarness.in(dir);
    daily(h).write().format("delta").save(dir.resolve("data/snapshots").toString());
    TrainingWindows windows = new TrainingWindows(new Window(-1, 1, TimeUnit.MONTH), new Window(0, 3, TimeUnit.MONTH), Optional.empty());

    StepHarness.StepRun run = load(h, List.of(table("snapshots")), List.of("raw_data"))
        .config("partition_key", "snapshot_date")
        .config("data_windows", windows)
        .executionDate(LocalDate.of(2025, 3, 15))
        .run("r1");

    // Label window February 2025, train window November 2024 - January 2025.
    Row range = dateRange(run.table("raw_data"));
    assertThat(range.getDate(0).toLocalDate()).isEqualTo(LocalDate.of(2024, 11, 1));
    assertThat(range.getDate(1).toLocalDate()).isEqualTo(LocalDate.of(2025, 2, 28));
    assertThat(run.table("raw_data").count()).isEqualTo(120);
    assertThat(run.details()).containsEntry("source_versions", Map.of("snapshots", 0L))
        .containsEntry("windows", "train [2024-11-01, 2025-02-01), label [2025-02-01, 2025-03-01)");
  }

  @Test
  void aDeltaSourceIsPinnedToTheVersionItReadNotCopiedAndReadAgainAsOfThatVersion() throws IOException {
    StepHarness h = StepHarness.in(dir);
    String table = dir.resolve("data/snapshots").toString();
    daily(h).write().format("delta").save(table);

    StepHarness.StepRun run = load(h, List.of(table("snapshots")), List.of("raw_data")).run("r1");
    long rows = daily(h).count();
    assertThat(run.details()).containsEntry("source_versions", Map.of("snapshots", 0L)).doesNotContainKey("rows");

    daily(h).limit(10).write().format("delta").mode("append").save(table); // version 1 lands after the run read version 0
    assertThat(run.table("raw_data").count()).as("a later read of the run's raw_data").isEqualTo(rows);
    try (var files = java.nio.file.Files.walk(dir.resolve("artifacts"))) {
      assertThat(files.filter(java.nio.file.Files::isRegularFile).map(p -> p.getFileName().toString()))
          .as("load_data copied nothing").noneMatch(n -> n.endsWith(".parquet"));
    }
  }

  @Test
  void dataWindowsFilterAStringPartitionKeyPerUnit() throws IOException {
    StringBuilder csv = new StringBuilder("snapshot_date,churned\n");
    for (LocalDate d = LocalDate.of(2024, 10, 1); d.isBefore(LocalDate.of(2025, 5, 1)); d = d.plusDays(1)) {
      csv.append(d).append(",No\n");
    }
    writeCsv("snapshots.csv", csv.toString());
    StepHarness h = StepHarness.in(dir);
    record Case(TimeUnit unit, long trainDuration, LocalDate first, LocalDate last) {}
    // execution date 2025-03-19 (a Wednesday), label offset -1 unit
    List<Case> cases = List.of(
        new Case(TimeUnit.DAY, 10, LocalDate.of(2025, 3, 8), LocalDate.of(2025, 3, 18)),
        new Case(TimeUnit.WEEK, 2, LocalDate.of(2025, 2, 24), LocalDate.of(2025, 3, 16)),
        new Case(TimeUnit.MONTH, 1, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 2, 28)),
        new Case(TimeUnit.QUARTER, 1, LocalDate.of(2024, 10, 1), LocalDate.of(2024, 12, 31)));
    for (Case c : cases) {
      TrainingWindows windows = new TrainingWindows(new Window(-1, 1, c.unit()), new Window(0, c.trainDuration(), c.unit()), Optional.empty());
      Dataset<Row> raw = load(h, List.of(table("snapshots")), List.of("raw_data"))
          .config("partition_key", "snapshot_date")
          .config("data_windows", windows)
          .config("connector", AdapterRef.of("local_file", Map.of("data_path", "./data", "csv_options", Map.of("inferSchema", false))))
          .executionDate(LocalDate.of(2025, 3, 19))
          .run("r-" + c.unit().yamlName()).table("raw_data");
      Row range = raw.agg(functions.min("snapshot_date"), functions.max("snapshot_date")).head();
      assertThat(List.of(range.getString(0), range.getString(1))).as(c.unit().yamlName())
          .containsExactly(c.first().toString(), c.last().toString());
    }
  }

  @Test
  void refusesAnExecutionDateInTheFuture() {
    StepHarness h = StepHarness.in(dir);
    daily(h).write().format("delta").save(dir.resolve("data/snapshots").toString());
    TrainingWindows windows = new TrainingWindows(new Window(-1, 1, TimeUnit.MONTH), new Window(0, 3, TimeUnit.MONTH), Optional.empty());
    LocalDate tomorrow = StepHarness.todayUtc().plusDays(1);

    assertThatThrownBy(() -> load(h, List.of(table("snapshots")), List.of("raw_data"))
        .config("partition_key", "snapshot_date")
        .config("data_windows", windows)
        .executionDate(tomorrow)
        .run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("execution_date " + tomorrow + " is in the future");
  }

  @Test
  void multipleTablesShareTheColumnListAndUndatedTablesAreReadWhole() throws IOException {
    StepHarness h = StepHarness.in(dir);
    daily(h).withColumn("customer_id", functions.lit(1)).write().format("delta").save(dir.resolve("data/snapshots").toString());
    writeCsv("demographics.csv", "customer_id,age,ssn\n1,40,123\n2,50,456\n");
    TrainingWindows windows = new TrainingWindows(new Window(-1, 1, TimeUnit.MONTH), new Window(0, 1, TimeUnit.MONTH), Optional.empty());

    StepHarness.StepRun run = load(h, List.of(table("snapshots"), new FeatureTable("demographics", List.of("customer_id"), JoinType.LEFT, false,
        List.of())), List.of("raw_snapshots", "raw_demographics"))
        .config("columns", List.of("customer_id", "snapshot_date", "churned", "age"))
        .config("partition_key", "snapshot_date")
        .config("data_windows", windows)
        .executionDate(LocalDate.of(2025, 3, 1))
        .run("r1");

    assertThat(run.table("raw_snapshots").columns()).containsExactly("customer_id", "snapshot_date", "churned");
    assertThat(run.table("raw_demographics").columns()).containsExactly("customer_id", "age");
    assertThat(run.details()).containsEntry("rows_per_table", Map.of("snapshots", 59L, "demographics", 2L));
  }

  @Test
  void aColumnInNoTableIsNamed() throws IOException {
    writeCsv("a.csv", "id,x\n1,2\n");
    writeCsv("b.csv", "id,y\n1,2\n");
    StepHarness h = StepHarness.in(dir);

    assertThatThrownBy(() -> load(h, List.of(table("a"), new FeatureTable("b", List.of("id"), JoinType.LEFT, false, List.of())),
        List.of("raw_a", "raw_b")).config("columns", List.of("id", "x", "z")).run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("column 'z' is in none of the tables [a, b]; a: id, x; b: id, y");
  }

  @Test
  void aCastOfAColumnNowhereInTheDataIsRefused() throws IOException {
    writeCsv("a.csv", "id,x\n1,2\n");
    StepHarness h = StepHarness.in(dir);

    assertThatThrownBy(() -> load(h, List.of(table("a")), List.of("raw_data")).config("column_types", Map.of("xx", ColumnType.DOUBLE)).run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("schema.column_types casts column 'xx', which is not in the data (a: id, x)");
  }

  @Test
  void columnNamesDeltaCannotStoreAreNamedBeforeTheWrite() throws IOException {
    writeCsv("a.csv", "id,Monthly Charges\n1,2\n");
    StepHarness h = StepHarness.in(dir);

    assertThatThrownBy(() -> load(h, List.of(table("a")), List.of("raw_data")).run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("columns ['Monthly Charges'] of table 'a' contain characters a Delta table cannot store in column names"
            + " (space , ; { } ( ) = tab newline)");
  }
}
