package io.mbt.steps.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.model.CheckSpec;
import io.mbt.compiler.model.ColumnType;
import io.mbt.compiler.model.OnFailure;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.testing.StepHarness;
import io.mbt.steps.training.ValidateDataStep;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateDataStepTest {
  private static final SchemaSpec SCHEMA = new SchemaSpec(new SchemaSpec.Target("churned", List.of("No", "Yes"), Optional.of("Yes")),
      new SchemaSpec.Identifiers(List.of("id"), Optional.empty()), List.of("email"), List.of(), List.of(), Map.of());
  private static final Optional<OnFailure> DEFAULT = Optional.empty();

  @TempDir Path dir;

  private static StepHarness.Spec validate(StepHarness h, OnFailure onFailure, List<CheckSpec> checks) {
    return h.step("validate_data", ValidateDataStep.class)
        .config("on_failure", onFailure)
        .config("checks", checks)
        .config("schema", SCHEMA)
        .config("problem_type", ProblemType.BINARY_CLASSIFICATION)
        .inputs("load_data.raw_data")
        .outputs("validated_data", "data_profile");
  }

  private static StepHarness seeded(Path dir, String runId, Dataset<Row> data) {
    StepHarness h = StepHarness.in(dir);
    h.seedTable(runId, "load_data.raw_data", data);
    return h;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> checks(StepHarness.StepRun run) {
    return (List<Map<String, Object>>) run.details().get("checks");
  }

  @Test
  void cleanDataPassesEveryCheckAndIsProfiled() {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("r1", "load_data.raw_data", ChurnData.generate(h.spark(), 1000, 1, 0).drop("status", "refund"));

    StepHarness.StepRun run = validate(h, OnFailure.FAIL, List.of(
        new CheckSpec.ExpectedColumns(List.of("id", "tenure", "churned"), DEFAULT),
        new CheckSpec.NullThreshold(List.of("churned", "id"), false, 0.0, DEFAULT),
        new CheckSpec.NullThreshold(List.of(), true, 0.05, DEFAULT),
        new CheckSpec.ValueRange("monthly", Optional.of(0.0), Optional.of(500.0), DEFAULT),
        new CheckSpec.UniqueKey(List.of("id"), DEFAULT),
        new CheckSpec.TypeCheck(Map.of("tenure", ColumnType.INT, "monthly", ColumnType.DOUBLE), DEFAULT),
        new CheckSpec.LabelLeakage(0.95, List.of(), DEFAULT),
        new CheckSpec.Custom(TestChecks.PositiveRate.class.getName(), Map.of("positive", "Yes", "min_rate", 0.1, "max_rate", 0.5), DEFAULT)))
        .run("r1");

    assertThat(run.details()).containsEntry("checks_passed", 8L).containsEntry("checks_warned", 0L).containsEntry("checks_failed", 0L)
        .containsEntry("rows_before", 1000L).containsEntry("rows_after", 1000L);
    assertThat(checks(run)).extracting(c -> c.get("status")).containsOnly("passed");
    assertThat(checks(run).get(2)).containsEntry("type", "null_threshold").containsEntry("columns", List.of("*"))
        .containsEntry("message", "highest null share 2.20% (total) <= 5.00%");
    assertThat(checks(run).get(4)).containsEntry("message", "1000 distinct keys in 1000 rows");
    assertThat((String) checks(run).get(6).get("message"))
        .startsWith("no feature's association with label 'churned' exceeds 0.950 (highest: contract (Cramér's V ");
    assertThat(run.table("validated_data").count()).isEqualTo(1000);

    DataProfile profile = run.json("data_profile", DataProfile.class);
    assertThat(profile.rows()).isEqualTo(1000);
    assertThat(profile.columns()).containsOnlyKeys("tenure", "monthly", "contract", "total", "churned");
    DataProfile.ColumnProfile monthly = profile.columns().get("monthly");
    assertThat(monthly.kind()).isEqualTo(DataProfile.NUMERIC);
    assertThat(monthly.histogram().orElseThrow().edges()).hasSize(11).first().isEqualTo(monthly.min().orElseThrow());
    assertThat(monthly.histogram().orElseThrow().edges()).last().isEqualTo(monthly.max().orElseThrow());
    assertThat(monthly.histogram().orElseThrow().counts().stream().mapToLong(Long::longValue).sum()).isEqualTo(1000);
    assertThat(monthly.mean().orElseThrow()).isBetween(65.0, 75.0);
    DataProfile.ColumnProfile total = profile.columns().get("total");
    assertThat(total.nulls() + total.count()).isEqualTo(1000);
    assertThat(total.nulls()).isEqualTo(22);
    DataProfile.ColumnProfile contract = profile.columns().get("contract");
    assertThat(contract.distinct()).contains(3L);
    assertThat(contract.topCategories()).extracting(DataProfile.CategoryCount::value)
        .containsExactly("Month-to-month", "One year", "Two year");
    assertThat(contract.topCategories().stream().mapToDouble(DataProfile.CategoryCount::frequency).sum()).isCloseTo(1.0,
        org.assertj.core.api.Assertions.within(1e-9));
  }

  /** 1000 rows with problems: 30 null monthly charges, 5 negative tenures, duplicated ids 0-9, no 'age' column. */
  private static Dataset<Row> broken(StepHarness h) {
    Dataset<Row> data = ChurnData.generate(h.spark(), 1000, 1, 0).drop("status", "refund");
    return data
        .withColumn("monthly", functions.when(functions.col("id").between(100, 129), null).otherwise(functions.col("monthly")))
        .withColumn("tenure", functions.when(functions.col("id").between(200, 204), -1).otherwise(functions.col("tenure")))
        .withColumn("id", functions.when(functions.col("id").between(990, 999), functions.col("id").minus(990)).otherwise(functions.col("id")));
  }

  private static List<CheckSpec> brokenChecks(Optional<OnFailure> policy) {
    return List.of(
        new CheckSpec.NullThreshold(List.of("monthly"), false, 0.01, policy),
        new CheckSpec.ValueRange("tenure", Optional.of(0.0), Optional.of(100.0), policy),
        new CheckSpec.UniqueKey(List.of("id"), policy.filter(p -> p != OnFailure.SKIP_ROW)),
        new CheckSpec.ExpectedColumns(List.of("id", "age"), policy.filter(p -> p != OnFailure.SKIP_ROW)),
        new CheckSpec.TypeCheck(Map.of("tenure", ColumnType.DOUBLE), policy.filter(p -> p != OnFailure.SKIP_ROW)));
  }

  @Test
  void failedChecksFailTheStepListingEveryFailureAndWriteNothing() {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("r1", "load_data.raw_data", broken(h));

    assertThatThrownBy(() -> validate(h, OnFailure.FAIL, brokenChecks(DEFAULT)).run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("5 of 5 data validation checks failed: ")
        .hasMessageContaining("null_threshold [monthly]: null share above 1.00%: monthly 3.00% (30 of 1000 rows)")
        .hasMessageContaining("value_range [tenure]: 5 of 1000 values outside [0, 100] (min -1, max 72)")
        .hasMessageContaining("unique_key [id]: 10 duplicate rows: 990 distinct keys in 1000 rows (e.g. id=")
        .hasMessageContaining("expected_columns [age]: missing columns [age]; columns: id, tenure,")
        .hasMessageContaining("type_check [tenure]: type mismatches: tenure is int, expected double");
    assertThat(h.store().list("r1", "validate_data")).doesNotContain("data_profile", "validated_data");
  }

  @Test
  void warnPolicyRecordsTheFailuresAndGoesOn() {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("r1", "load_data.raw_data", broken(h));

    StepHarness.StepRun run = validate(h, OnFailure.WARN, brokenChecks(DEFAULT)).run("r1");

    assertThat(run.details()).containsEntry("checks_passed", 0L).containsEntry("checks_warned", 5L).containsEntry("checks_failed", 0L)
        .containsEntry("rows_after", 1000L);
    assertThat(checks(run)).extracting(c -> c.get("status")).containsOnly("warned");
    assertThat(run.logLines()).filteredOn(l -> l.contains("validation_check_warned")).hasSize(5);
  }

  @Test
  void skipRowRemovesTheFailingRowsOfRowLevelChecks() {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("r1", "load_data.raw_data", broken(h));

    StepHarness.StepRun run = validate(h, OnFailure.FAIL, List.of(
        new CheckSpec.NullThreshold(List.of("monthly"), false, 0.01, Optional.of(OnFailure.SKIP_ROW)),
        new CheckSpec.ValueRange("tenure", Optional.of(0.0), Optional.empty(), Optional.of(OnFailure.SKIP_ROW)),
        new CheckSpec.NullThreshold(List.of("total"), false, 0.5, Optional.of(OnFailure.SKIP_ROW)))).run("r1");

    assertThat(run.details()).containsEntry("rows_before", 1000L).containsEntry("rows_after", 965L)
        .containsEntry("checks_passed", 1L).containsEntry("checks_warned", 2L);
    assertThat(checks(run)).extracting(c -> c.get("status")).containsExactly("rows_skipped", "rows_skipped", "passed");
    Dataset<Row> validated = run.table("validated_data");
    assertThat(validated.count()).isEqualTo(965);
    assertThat(validated.filter("monthly IS NULL OR tenure < 0").count()).isZero();
    // total's nulls pass their threshold, so those rows stay.
    assertThat(validated.filter("total IS NULL").count()).isPositive();
  }

  @Test
  void pipelineSkipRowFallsBackToFailForDataSetChecks() {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("r1", "load_data.raw_data", broken(h));

    assertThatThrownBy(() -> validate(h, OnFailure.SKIP_ROW, List.of(
        new CheckSpec.ValueRange("tenure", Optional.of(0.0), Optional.empty(), DEFAULT),
        new CheckSpec.UniqueKey(List.of("id"), DEFAULT))).run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("1 of 2 data validation checks failed: unique_key [id]: 10 duplicate rows");
  }

  @Test
  void nullThresholdStarCoversEveryColumnButTheIgnoredOnes() {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("r1", "load_data.raw_data", broken(h));

    StepHarness.StepRun run = validate(h, OnFailure.WARN, List.of(new CheckSpec.NullThreshold(List.of(), true, 0.025, DEFAULT))).run("r1");

    // email is half null but ignored; monthly (3%) is over, total (2.2%) is not.
    assertThat(checks(run).get(0)).containsEntry("status", "warned")
        .containsEntry("message", "null share above 2.50%: monthly 3.00% (30 of 1000 rows)");
  }

  @Test
  void labelLeakageFlagsLeakyCategoricalAndNumericFeatures() {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("r1", "load_data.raw_data", ChurnData.generate(h.spark(), 1000, 1, 0));

    StepHarness.StepRun run = validate(h, OnFailure.FAIL, List.of(new CheckSpec.LabelLeakage(0.95, List.of(), Optional.of(OnFailure.WARN))))
        .run("r1");

    Map<String, Object> leakage = checks(run).get(0);
    assertThat(leakage).containsEntry("status", "warned").containsEntry("columns", List.of("refund", "status"));
    assertThat((String) leakage.get("message")).startsWith("possible label leakage: association with label 'churned' above 0.950 for refund"
        + " (correlation ratio 0.9").contains("status (Cramér's V 0.9").doesNotContain("contract").doesNotContain("tenure");

    assertThatThrownBy(() -> validate(h, OnFailure.FAIL, List.of(new CheckSpec.LabelLeakage(0.95, List.of("status", "tenure"), DEFAULT)))
        .run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("label_leakage [status, tenure]: possible label leakage: association with label 'churned' above 0.950 for status"
            + " (Cramér's V 0.9");
  }

  @Test
  void distributionDriftComparesWithTheReferenceRunsStoredProfile() {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("baseline", "load_data.raw_data", ChurnData.generate(h.spark(), 1000, 1, 0));
    h.seedTable("same", "load_data.raw_data", ChurnData.generate(h.spark(), 1000, 2, 0));
    h.seedTable("shifted", "load_data.raw_data", ChurnData.generate(h.spark(), 1000, 3, 40));
    validate(h, OnFailure.FAIL, List.of()).run("baseline");
    List<CheckSpec> drift = List.of(new CheckSpec.DistributionDrift("baseline", 0.1, List.of(), 10, DEFAULT));

    StepHarness.StepRun same = validate(h, OnFailure.FAIL, drift).run("same");
    assertThat(checks(same).get(0)).containsEntry("status", "passed");
    assertThat((String) checks(same).get(0).get("message")).startsWith("PSI <= 0.100 for 7 columns against run baseline (highest: ");

    assertThatThrownBy(() -> validate(h, OnFailure.FAIL, drift).run("shifted"))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("1 of 1 data validation checks failed: distribution_drift [*]: PSI above 0.100 against run baseline: monthly ")
        .hasMessageNotContaining("contract");

    List<CheckSpec> missing = List.of(new CheckSpec.DistributionDrift("nope", 0.1, List.of("monthly"), 10, Optional.of(OnFailure.WARN)));
    StepHarness.StepRun noReference = validate(h, OnFailure.FAIL, missing).run("same");
    assertThat((String) checks(noReference).get(0).get("message")).startsWith("cannot compare against run nope: it has no data_profile at ")
        .contains("/nope/validate_data/data_profile");
  }

  @Test
  void customChecksAreLoadedByClassNameAndJudgedByTheirPolicy() {
    StepHarness h = StepHarness.in(dir);
    h.seedTable("r1", "load_data.raw_data", ChurnData.generate(h.spark(), 500, 1, 0));
    CheckSpec tooStrict = new CheckSpec.Custom(TestChecks.PositiveRate.class.getName(),
        Map.of("positive", "Yes", "min_rate", 0.5, "max_rate", 0.9), Optional.of(OnFailure.WARN));

    StepHarness.StepRun run = validate(h, OnFailure.FAIL, List.of(tooStrict)).run("r1");
    assertThat(checks(run).get(0)).containsEntry("type", "custom").containsEntry("status", "warned")
        .containsEntry("columns", List.of(TestChecks.PositiveRate.class.getName()));
    assertThat((String) checks(run).get(0).get("message")).matches("positive rate 0\\.\\d\\d \\(allowed 0\\.50\\.\\.0\\.90\\)");

    assertThatThrownBy(() -> validate(h, OnFailure.WARN, List.of(new CheckSpec.Custom("com.acme.Missing", Map.of(), DEFAULT))).run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("custom check class com.acme.Missing is not on the class path");
    assertThatThrownBy(() -> validate(h, OnFailure.WARN, List.of(new CheckSpec.Custom(TestChecks.Throws.class.getName(), Map.of(), DEFAULT)))
        .run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("custom check " + TestChecks.Throws.class.getName() + " threw IllegalStateException: boom");
  }
}
