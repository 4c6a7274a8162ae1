package io.mbt.steps.output;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where {@code publish_predictions} writes (the blueprint's output writer adapters): the run-time
 * side of {@code serving.output.destination}. Implementations are listed in {@code
 * META-INF/services/io.mbt.steps.output.OutputWriter}, need a public no-argument constructor and
 * are looked up by {@link #name()} through {@link OutputWriters}.
 *
 * <p>Contract: a write replaces exactly the rows of {@link OutputTarget#executionDate()} and keeps
 * every other date's, atomically — a rerun of the same date never duplicates predictions, and a
 * failed write leaves the previous ones.
 */
public interface OutputWriter {

  /** The {@code destination} this writer serves, e.g. {@code delta}. */
  String name();

  /**
   * Writes {@code predictions} (which hold the {@link OutputTarget#DATE_COLUMN} column) to {@code target}.
   *
   * @return where the rows went, for run_results (a URI or a table name), and how many, as the
   *     write reports them (a count must not scan the predictions again: they are computed by
   *     this write)
   * @throws io.mbt.steps.api.StepFailedException if the destination refuses the rows (naming it and why)
   */
  WrittenOutput write(SparkSession spark, Dataset<Row> predictions, OutputTarget target);
}
