package io.mbt.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.model.FeatureTable;
import io.mbt.compiler.model.JoinType;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.testing.StepHarness;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JoinTablesStepTest {
  @TempDir Path dir;

  private static Dataset<Row> rows(StepHarness h, StructType schema, Object[]... rows) {
    return h.spark().createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), schema);
  }

  private static final StructType BASE = new StructType().add("customer_id", DataTypes.IntegerType).add("month", DataTypes.StringType)
      .add("churned", DataTypes.StringType);

  private Dataset<Row> base(StepHarness h) {
    return rows(h, BASE, new Object[] {1, "2025-01", "No"}, new Object[] {1, "2025-02", "Yes"}, new Object[] {2, "2025-01", "No"},
        new Object[] {3, "2025-01", "No"});
  }

  private StepHarness.Spec join(StepHarness h, List<FeatureTable> joins) {
    StepHarness.Spec spec = h.step("join_tables", JoinTablesStep.class).config("base", "customers").config("joins", joins)
        .inputs("load_data.raw_customers").outputs("joined_data");
    joins.forEach(j -> spec.inputs("load_data.raw_" + j.table()));
    return spec;
  }

  @Test
  void compositeKeyJoinKeepsEachKeyColumnOnce() {
    StepHarness h = StepHarness.in(dir);
    StructType spendSchema = new StructType().add("customer_id", DataTypes.IntegerType).add("month", DataTypes.StringType)
        .add("spend", DataTypes.DoubleType);
    h.seedTable("r1", "load_data.raw_customers", base(h));
    h.seedTable("r1", "load_data.raw_spend", rows(h, spendSchema, new Object[] {1, "2025-01", 10.0}, new Object[] {1, "2025-02", 20.0},
        new Object[] {2, "2025-01", 30.0}));

    StepHarness.StepRun run = join(h, List.of(new FeatureTable("spend", List.of("customer_id", "month"), JoinType.LEFT, true, List.of())))
        .run("r1");

    Dataset<Row> joined = run.table("joined_data");
    assertThat(joined.columns()).containsExactly("customer_id", "month", "churned", "spend");
    assertThat(joined.orderBy("customer_id", "month").collectAsList()).extracting(Row::toString)
        .containsExactly("[1,2025-01,No,10.0]", "[1,2025-02,Yes,20.0]", "[2,2025-01,No,30.0]", "[3,2025-01,No,null]");
    assertThat(run.details()).containsEntry("rows", 4L).containsEntry("tables_joined", 2);
  }

  @Test
  void fullJoinKeepsRowsOfBothSidesWithCoalescedKeys() {
    StepHarness h = StepHarness.in(dir);
    StructType ageSchema = new StructType().add("customer_id", DataTypes.IntegerType).add("age", DataTypes.IntegerType);
    h.seedTable("r1", "load_data.raw_customers", base(h));
    h.seedTable("r1", "load_data.raw_ages", rows(h, ageSchema, new Object[] {2, 40}, new Object[] {9, 70}));

    Dataset<Row> joined = join(h, List.of(new FeatureTable("ages", List.of("customer_id"), JoinType.FULL, false, List.of()))).run("r1")
        .table("joined_data");

    assertThat(joined.orderBy("customer_id", "month").collectAsList()).extracting(Row::toString)
        .containsExactly("[1,2025-01,No,null]", "[1,2025-02,Yes,null]", "[2,2025-01,No,40]", "[3,2025-01,No,null]", "[9,null,null,70]");
  }

  @Test
  void fanOutFailsWithTheCountsAndDuplicatedKeys() {
    StepHarness h = StepHarness.in(dir);
    StructType ageSchema = new StructType().add("customer_id", DataTypes.IntegerType).add("age", DataTypes.IntegerType);
    h.seedTable("r1", "load_data.raw_customers", base(h));
    // Key 1 three times (base has it twice), key 2 twice; key 9 twice but not in the base, so it cannot fan out.
    h.seedTable("r1", "load_data.raw_ages", rows(h, ageSchema, new Object[] {1, 40}, new Object[] {1, 41}, new Object[] {1, 42},
        new Object[] {2, 50}, new Object[] {2, 51}, new Object[] {3, 60}, new Object[] {9, 70}, new Object[] {9, 71}));

    assertThatThrownBy(() -> join(h, List.of(new FeatureTable("ages", List.of("customer_id"), JoinType.LEFT, true, List.of()))).run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("joining table 'ages' on [customer_id] fans out: 'customers' has 4 rows and the left join has 9, because 2 keys occur"
            + " more than once in 'ages' (e.g. customer_id=1 x3; customer_id=2 x2)")
        .extracting(e -> ((StepFailedException) e).hint()).asString().contains("set fan_out_check: false");
  }

  @Test
  void missingJoinKeyNamesTableAndColumn() {
    StepHarness h = StepHarness.in(dir);
    StructType ageSchema = new StructType().add("cust_id", DataTypes.IntegerType).add("age", DataTypes.IntegerType);
    h.seedTable("r1", "load_data.raw_customers", base(h));
    h.seedTable("r1", "load_data.raw_ages", rows(h, ageSchema, new Object[] {1, 40}));

    assertThatThrownBy(() -> join(h, List.of(new FeatureTable("ages", List.of("customer_id"), JoinType.LEFT, false, List.of()))).run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("join key 'customer_id' is not in table 'ages'; its columns: cust_id, age");
  }

  @Test
  void aNonKeyColumnOnBothSidesIsRefused() {
    StepHarness h = StepHarness.in(dir);
    StructType other = new StructType().add("customer_id", DataTypes.IntegerType).add("month", DataTypes.StringType);
    h.seedTable("r1", "load_data.raw_customers", base(h));
    h.seedTable("r1", "load_data.raw_plans", rows(h, other, new Object[] {1, "2025-01"}));

    assertThatThrownBy(() -> join(h, List.of(new FeatureTable("plans", List.of("customer_id"), JoinType.INNER, false, List.of()))).run("r1"))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("columns [month] are in both 'customers' and table 'plans' and are not part of its join_key [customer_id]");
  }
}
