package io.mbt.steps.registry;

import static java.util.Objects.requireNonNull;

import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.model.ModelBundle;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A logged run as a registry returns it. Artifact URIs are Hadoop URIs Spark can read (a registry
 * whose artifacts live elsewhere downloads them first).
 *
 * @param registry the registry type, e.g. {@code local}
 * @param runId the registry's run id
 * @param uri where the run lives in the registry
 * @param status {@code success} for a complete training run
 * @param trainingSchema the raw input columns the model was trained from, roles marked ({@link TrainingSchema})
 * @param modelUri the {@link ModelBundle} directory
 * @param transformsUri one Spark ML {@link PipelineModel} with every fitted transform, to apply before the model
 * @param metricsUri the {@code eval_metrics} document
 * @param plotsUri the PNG plots directory
 */
public record RegisteredRun(
    String registry,
    String runId,
    String uri,
    String pipeline,
    String mbtRunId,
    Optional<String> experiment,
    List<String> tags,
    Map<String, Object> params,
    Map<String, Double> metrics,
    Instant createdAt,
    String status,
    LabelInfo label,
    StructType trainingSchema,
    String modelUri,
    String transformsUri,
    String metricsUri,
    Optional<String> plotsUri) {

  public RegisteredRun {
    requireNonNull(registry, "registry is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(uri, "uri is null");
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(mbtRunId, "mbtRunId is null");
    requireNonNull(experiment, "experiment is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(status, "status is null");
    requireNonNull(label, "label is null");
    requireNonNull(trainingSchema, "trainingSchema is null");
    requireNonNull(modelUri, "modelUri is null");
    requireNonNull(transformsUri, "transformsUri is null");
    requireNonNull(metricsUri, "metricsUri is null");
    requireNonNull(plotsUri, "plotsUri is null");
    tags = List.copyOf(tags);
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** The trained model, read with {@code spark}. */
  public ModelBundle loadModel(SparkSession spark) {
    return ModelBundle.load(spark, modelUri);
  }

  /** The fitted transforms (an empty pipeline if the run had none), read with the active session. */
  public PipelineModel loadTransforms() {
    return PipelineModel.load(transformsUri);
  }
}
