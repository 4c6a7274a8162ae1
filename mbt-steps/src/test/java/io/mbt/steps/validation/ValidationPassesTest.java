package io.mbt.steps.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.model.CheckSpec;
import io.mbt.compiler.model.OnFailure;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.steps.testing.SharedSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.Test;

/** The validator's promise: all aggregate checks and the profile in two Spark actions, however many checks. */
class ValidationPassesTest {
  @Test
  void manyChecksCostTwoSparkActions() throws Exception {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> data = ChurnData.generate(spark, 500, 1, 0).cache();
    data.count();
    SchemaSpec schema = new SchemaSpec(new SchemaSpec.Target("churned", List.of(), Optional.empty()),
        new SchemaSpec.Identifiers(List.of("id"), Optional.empty()), List.of("email"), List.of(), List.of(), Map.of());
    CheckContext context = new CheckContext("p", "r", LocalDate.of(2025, 1, 1), schema, ProblemType.BINARY_CLASSIFICATION);
    Optional<OnFailure> warn = Optional.of(OnFailure.WARN);
    List<CheckSpec> checks = List.of(
        new CheckSpec.NullThreshold(List.of(), true, 0.01, warn),
        new CheckSpec.NullThreshold(List.of("id", "churned"), false, 0.0, warn),
        new CheckSpec.ValueRange("monthly", Optional.of(0.0), Optional.of(100.0), warn),
        new CheckSpec.ValueRange("tenure", Optional.of(0.0), Optional.empty(), warn),
        new CheckSpec.UniqueKey(List.of("id"), warn),
        new CheckSpec.UniqueKey(List.of("id", "contract"), warn),
        new CheckSpec.ExpectedColumns(List.of("id", "x"), warn),
        new CheckSpec.LabelLeakage(0.95, List.of(), warn));
    List<String> actions = Collections.synchronizedList(new ArrayList<>());
    QueryExecutionListener listener = new QueryExecutionListener() {
      @Override
      public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
        actions.add(funcName);
      }

      @Override
      public void onFailure(String funcName, QueryExecution qe, Exception exception) {
        actions.add(funcName);
      }
    };
    spark.listenerManager().register(listener);
    try {
      ValidationReport report = new DataValidator(context, OnFailure.FAIL, ReferenceProfiles.none()).validate(data, checks);
      assertThat(report.results()).hasSize(8);
      // Listener events are delivered asynchronously: drain the bus before counting (Spark-internal, public in bytecode).
      spark.sparkContext().listenerBus().waitUntilEmpty(30_000);
    } finally {
      spark.listenerManager().unregister(listener);
      data.unpersist();
    }
    assertThat(actions).containsExactly("head", "collectAsList");
  }
}
