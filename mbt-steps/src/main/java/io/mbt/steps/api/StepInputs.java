package io.mbt.steps.api;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads the outputs of a run's steps by reference ({@code step.artifact}, as the manifest names
 * them): what a step reads through its {@link StepContext}, and what code outside a step reads of
 * a finished run (the runner's {@code FinishedRun}). Table views and derived tables read
 * like the tables they stand for.
 *
 * <p>Every method throws {@link IllegalArgumentException} for a reference the reader may not read
 * (not a declared input of the step) and {@link IllegalStateException} for an output the run has
 * not written (its step did not complete); the message names the reference and how to produce it.
 */
public interface StepInputs {

  /** A table output (Delta table, table view or derived table) as a lazy DataFrame. */
  Dataset<Row> table(String inputRef);

  /** A Spark ML PipelineModel output. */
  PipelineModel pipelineModel(String inputRef);

  /** A JSON output bound to {@code type} with the manifest's JSON mapping. */
  <T> T json(String inputRef, Class<T> type);

  /** Where an output lives, for readers that open its files themselves (framework models, plots). */
  String inputUri(String inputRef);
}
