package io.mbt.steps.api;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestStep;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Everything a step sees. Inputs are named by the manifest's {@code step.artifact} references
 * and read as {@link StepInputs}; outputs by the step's own artifact names. Reading an input that the step did not declare is an
 * error, as is finishing without writing a declared output.
 */
public interface StepContext extends StepInputs {
  SparkSession spark();

  String pipelineName();

  String stepName();

  String runId();

  String target();

  /** The run's execution date: {@code --vars execution_date=}, else today (UTC). */
  LocalDate executionDate();

  /**
   * The Delta versions the run request pinned its source tables to: a step that reads sources
   * (load_data) reads each as of its pin and fails with a {@link SourcePinException} when it cannot.
   * Empty when the run reads sources as they are now.
   */
  default java.util.Optional<SourcePins> sourcePins() {
    return java.util.Optional.empty();
  }

  /** The project directory; relative paths in the profile resolve against it. */
  java.nio.file.Path projectDir();

  Manifest manifest();

  ManifestStep step();

  /** The step's config with {@code secret:} references resolved. Never log it. */
  Map<String, Object> config();

  /** The config bound to a record (snake_case keys to camelCase components). */
  <T> T config(Class<T> type);

  /** A config value bound to a type: {@code config("schema", SchemaSpec.class)}. */
  <T> T config(String key, Class<T> type);

  @Override
  Dataset<Row> table(String inputRef);

  /**
   * Input {@code inputRef}, persisted ({@code MEMORY_AND_DISK}) until the run ends: for a step that
   * reads an input more than once and whose outputs are views of it that later steps read again
   * (a split). Its first pass fills the cache. Contexts that cannot keep it just read it.
   */
  default Dataset<Row> tableKept(String inputRef) {
    return table(inputRef);
  }

  @Override
  PipelineModel pipelineModel(String inputRef);

  @Override
  <T> T json(String inputRef, Class<T> type);

  /**
   * Input {@code inputRef} as {@code loader} reads it from its URI, loaded once per run: models
   * are immutable once written, and loading one costs Spark jobs. Contexts without a cache load
   * it every time.
   */
  default <T> T loadOnce(String inputRef, Class<T> type, java.util.function.Function<String, T> loader) {
    return type.cast(loader.apply(inputUri(inputRef)));
  }

  /** Where an input artifact lives, for readers the context does not wrap (framework models). */
  @Override
  String inputUri(String inputRef);

  /** Writes a Delta table output. */
  OutputRecord putTable(String name, Dataset<Row> data);

  /**
   * Declares output {@code name} as this step's fitted model {@code modelOutput} (already written)
   * applied to input {@code sourceRef}: nothing is written; readers rebuild it. Contexts without
   * views (the default) throw {@link UnsupportedOperationException}.
   */
  default OutputRecord putTransformedTable(String name, String sourceRef, String modelOutput) {
    throw new UnsupportedOperationException("this context cannot record table views; write " + name + " with putTable");
  }

  /** Declares output {@code name} as input {@code sourceRef} filtered by a SQL condition; nothing is written. */
  default OutputRecord putFilteredTable(String name, String sourceRef, String sqlCondition) {
    return putTable(name, table(sourceRef).filter(sqlCondition));
  }

  /** Declares output {@code name} to be input {@code sourceRef} unchanged; nothing is written. */
  default OutputRecord putAlias(String name, String sourceRef) {
    return putTable(name, table(sourceRef));
  }

  /**
   * Declares output {@code name} of a {@link DerivingStep} as derived: {@code data} must be what
   * {@link DerivingStep#derive} returns for it. The runner writes nothing and rebuilds the table on
   * every read; contexts without derived tables (the default) write {@code data} as a table.
   */
  default OutputRecord putDerivedTable(String name, Dataset<Row> data) {
    return putTable(name, data);
  }

  /**
   * A Spark ML PipelineModel output. The runner keeps it in memory for the run's later steps and
   * may write its files after this step returns (behind the next step); the step counts as
   * complete once they are written.
   */
  OutputRecord putPipelineModel(String name, PipelineModel model);

  /**
   * Writes a model through {@code writer}, which saves a directory at the URI it is given; the
   * directory is written under a temporary name and moved into place when complete.
   */
  OutputRecord putModel(String name, java.util.function.Consumer<String> writer);

  /**
   * Writes {@code model} through {@code writer} like {@link #putModel(String,
   * java.util.function.Consumer)}, and lets later steps of this run that {@link #loadOnce} it as
   * {@code type} get this instance instead of loading it again (a load costs Spark jobs).
   */
  default <T> OutputRecord putModel(String name, T model, Class<T> type, java.util.function.Consumer<String> writer) {
    return putModel(name, writer);
  }

  OutputRecord putJson(String name, Object value);

  /** Writes a directory of files (file name to bytes). */
  OutputRecord putFiles(String name, Map<String, byte[]> files);

  /** Adds a field to this step's entry in run_results.json (e.g. rows_before, checks_passed). */
  void record(String key, Object value);

  StepLog log();
}
