package io.mbt.steps.registry;

import static java.util.Objects.requireNonNull;

import io.mbt.steps.features.LabelInfo;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.types.StructType;

/**
 * A training run to log, as {@code log_run} gathers it.
 *
 * @param pipeline the pipeline's name
 * @param mbtRunId MBT's run id: the key that makes {@link ModelRegistry#logRun} idempotent
 * @param experiment the project's experiment name
 * @param tags the project's tags
 * @param params the framework and its parameters
 * @param metrics the evaluation metrics; null values are metrics that came out undefined, which a
 *     registry may leave out
 * @param evaluation the whole {@code eval_metrics} document (confusion matrix, calibration, ...)
 * @param label the label mapping the model predicts
 * @param trainingSchema the raw input columns, roles marked ({@link TrainingSchema})
 * @param modelUri the {@link io.mbt.steps.model.ModelBundle} directory to copy
 * @param transforms every fitted transform step's stages, in DAG order (possibly none)
 * @param plotsUri the directory of PNG plots to copy, if any
 * @param createdAt when the run was logged
 */
public record RunToLog(
    String pipeline,
    String mbtRunId,
    Optional<String> experiment,
    List<String> tags,
    Map<String, Object> params,
    Map<String, Double> metrics,
    Map<String, Object> evaluation,
    LabelInfo label,
    StructType trainingSchema,
    String modelUri,
    PipelineModel transforms,
    Optional<String> plotsUri,
    Instant createdAt) {

  public RunToLog {
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(mbtRunId, "mbtRunId is null");
    requireNonNull(experiment, "experiment is null");
    requireNonNull(label, "label is null");
    requireNonNull(trainingSchema, "trainingSchema is null");
    requireNonNull(modelUri, "modelUri is null");
    requireNonNull(transforms, "transforms is null");
    requireNonNull(plotsUri, "plotsUri is null");
    requireNonNull(createdAt, "createdAt is null");
    tags = List.copyOf(tags);
    // Not Map.copyOf: undefined metrics are null.
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    evaluation = Collections.unmodifiableMap(new LinkedHashMap<>(evaluation));
  }
}
