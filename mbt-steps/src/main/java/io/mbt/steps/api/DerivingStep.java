package io.mbt.steps.api;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A step whose table outputs are pure functions of its stored inputs, its config and the details
 * it recorded: the runner keeps them as <em>derived tables</em> (dbt's {@code materialized: view})
 * and rebuilds them when a later step reads them (once per process: the rebuilt DataFrame is
 * shared by the run's later readers), instead of writing them out. A serving
 * pipeline then reads its scoring data once and writes only its predictions, as a hand-written
 * scoring job does, while every output stays recoverable for {@code exec} and {@code retry}.
 *
 * <p>{@link #run} declares such an output with {@link StepContext#putDerivedTable}, after
 * recording (with {@link StepContext#record}) anything {@link #derive} needs to give the same rows
 * again, such as the pinned version of a source table.
 */
public interface DerivingStep extends Step {

  /**
   * Output {@code output} as a lazy DataFrame (no Spark action), rebuilt from {@code context}'s
   * inputs and config; {@code details} are what {@link #run} recorded.
   */
  Dataset<Row> derive(StepContext context, String output, Map<String, Object> details);
}
