package io.mbt.steps.training;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.api.StepInputs;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.model.ModelBundle;
import io.mbt.steps.registry.RunToLog;
import io.mbt.steps.registry.TrainingSchema;
import io.mbt.steps.runner.FinishedRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Gathers the {@link RunToLog} of a training run from its step outputs: the model bundle, ONE Spark
 * ML {@link PipelineModel} of every fitted transform in DAG order (what serving replays before the
 * model), the raw training schema with roles, parameters, metrics, the evaluation document and
 * plots. {@code log_run} gathers its own run this way; the Model Factory gathers a run it trained
 * without {@code log_run} the same way ({@link #gather(FinishedRun, Instant)}), so both log the
 * same thing.
 *
 * <p>A plain function over {@link StepInputs}: it reads only outputs, and writes nothing.
 */
public final class RunGatherer {
  static final String MODEL = "train_model.model";
  static final String TRAIN_METRICS = "train_model.train_metrics";
  static final String EVAL_METRICS = "evaluate.eval_metrics";
  static final String PLOTS = "evaluate.plots";
  static final String LABEL_INFO = "split_data.label_info";
  static final String TRAIN_SET = "split_data.train_set";
  private static final String LOG_RUN = "log_run";
  private static final String TRAIN_MODEL = "train_model";

  private RunGatherer() {}

  /**
   * How a run is named in the registry: {@code log_run}'s {@code pipeline_name}, {@code
   * experiment_name} and {@code tags}.
   */
  public record Naming(String pipeline, Optional<String> experiment, List<String> tags) {
    public Naming {
      requireNonNull(pipeline, "pipeline is null");
      requireNonNull(experiment, "experiment is null");
      tags = List.copyOf(tags);
    }

    /** From a {@code log_run} step's config; {@code pipeline_name} defaults to {@code pipeline}. */
    public static Naming fromLogRunConfig(Map<String, Object> config, String pipeline) {
      Object name = config.get("pipeline_name");
      return new Naming(name == null ? pipeline : String.valueOf(name), Optional.ofNullable(config.get("experiment_name")).map(String::valueOf),
          config.get("tags") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of());
    }

    /** As {@code log_run} of {@code manifest} would name the run: its config if the manifest has the step, else the manifest's metadata. */
    public static Naming of(Manifest manifest) {
      ManifestStep logRun = manifest.steps().get(LOG_RUN);
      if (logRun != null) {
        return fromLogRunConfig(logRun.config(), manifest.metadata().pipelineName());
      }
      String experiment = manifest.metadata().experimentName();
      return new Naming(manifest.metadata().pipelineName(), experiment == null || experiment.isBlank() ? Optional.empty() : Optional.of(experiment),
          manifest.metadata().tags());
    }
  }

  /**
   * The outputs {@code log_run} reads, in DAG order: the step's declared inputs if {@code manifest}
   * has it, else the same list as the planner would declare (model, metrics, evaluation, plots,
   * label, raw train set, then every fitted transform {@code train_model} applies, in its order).
   *
   * @throws IllegalArgumentException if the manifest has no {@code train_model} step (it is not a
   *     training pipeline)
   */
  public static List<String> inputs(Manifest manifest) {
    ManifestStep logRun = manifest.steps().get(LOG_RUN);
    if (logRun != null) {
      return logRun.inputs();
    }
    ManifestStep train = manifest.steps().get(TRAIN_MODEL);
    if (train == null) {
      throw new IllegalArgumentException("pipeline " + manifest.metadata().pipelineName() + " has no train_model step, so it has no training run"
          + " to gather; gather runs of training pipelines only (steps: " + String.join(", ", manifest.steps().keySet()) + ")");
    }
    List<String> inputs = new ArrayList<>(List.of(MODEL, TRAIN_METRICS, EVAL_METRICS));
    if (declares(manifest, PLOTS)) {
      inputs.add(PLOTS);
    }
    if (declares(manifest, LABEL_INFO)) {
      inputs.add(LABEL_INFO);
    }
    inputs.add(TRAIN_SET);
    train.inputs().stream().filter(ref -> ref.endsWith(".fitted")).forEach(inputs::add);
    return List.copyOf(inputs);
  }

  private static boolean declares(Manifest manifest, String ref) {
    int dot = ref.indexOf('.');
    ManifestStep step = manifest.steps().get(ref.substring(0, dot));
    return step != null && step.outputs().contains(ref.substring(dot + 1));
  }

  /**
   * The run to log for finished run {@code run} of a training pipeline, named as {@link
   * Naming#of} says and identified by the run's id.
   *
   * @throws IllegalStateException if a step whose output is needed did not complete in the run
   * @throws StepFailedException if the run's fitted transforms do not replay on its train set
   */
  public static RunToLog gather(FinishedRun run, Instant createdAt) {
    return gather(run.spark(), run.manifest(), run, inputs(run.manifest()), Naming.of(run.manifest()), run.runId(), createdAt);
  }

  /**
   * The run to log, read from {@code outputs}.
   *
   * @param inputs the references to read ({@link #inputs}); optional ones (plots, label info) are
   *     read only if listed
   * @param mbtRunId the MBT run id the registry keys the run by
   * @throws StepFailedException if the fitted transforms do not replay on the train set
   */
  @SuppressWarnings("unchecked")
  public static RunToLog gather(SparkSession spark, Manifest manifest, StepInputs outputs, List<String> inputs, Naming naming, String mbtRunId,
      Instant createdAt) {
    String modelUri = outputs.inputUri(MODEL);
    LabelInfo label = inputs.contains(LABEL_INFO)
        ? outputs.json(LABEL_INFO, LabelInfo.class)
        : ModelBundle.load(spark, modelUri).descriptor().label();
    Map<String, Object> trainMetrics = outputs.json(TRAIN_METRICS, Map.class);
    Map<String, Object> evaluation = outputs.json(EVAL_METRICS, Map.class);
    Dataset<Row> trainSet = outputs.table(TRAIN_SET);
    PipelineModel transforms = combinedTransforms(outputs, inputs, trainSet);
    return new RunToLog(naming.pipeline(), mbtRunId, naming.experiment(), naming.tags(), params(trainMetrics), metrics(evaluation), evaluation,
        label, TrainingSchema.of(trainSet.schema(), label, schemaSpec(manifest)), modelUri, transforms,
        inputs.contains(PLOTS) ? Optional.of(outputs.inputUri(PLOTS)) : Optional.empty(), createdAt);
  }

  /**
   * What a trained model expects of its input, from a run whose training steps completed (no
   * evaluation needed): the raw training schema with roles marked ({@link TrainingSchema}) and the
   * label mapping. The Model Factory builds a candidate's compatibility descriptor from it; {@link
   * #gather} records the same schema.
   *
   * @throws IllegalStateException if {@code split_data} did not complete in the run
   */
  public static TrainedShape trainedShape(SparkSession spark, Manifest manifest, StepInputs outputs) {
    LabelInfo label = declares(manifest, LABEL_INFO)
        ? outputs.json(LABEL_INFO, LabelInfo.class)
        : ModelBundle.load(spark, outputs.inputUri(MODEL)).descriptor().label();
    return new TrainedShape(TrainingSchema.of(outputs.table(TRAIN_SET).schema(), label, schemaSpec(manifest)), label);
  }

  /** A trained model's input schema (roles marked) and label. */
  public record TrainedShape(org.apache.spark.sql.types.StructType trainingSchema, LabelInfo label) {
    public TrainedShape {
      requireNonNull(trainingSchema, "trainingSchema is null");
      requireNonNull(label, "label is null");
    }
  }

  /**
   * The stages of every {@code *.fitted} input, in input (DAG) order, as one pipeline. Fitting a
   * pipeline of transformers only checks them against the raw training schema: no Spark job runs.
   */
  static PipelineModel combinedTransforms(StepInputs outputs, List<String> inputs, Dataset<Row> rawTrainSet) {
    List<PipelineStage> stages = new ArrayList<>();
    for (String input : inputs) {
      if (input.endsWith(".fitted")) {
        stages.addAll(Arrays.asList(outputs.pipelineModel(input).stages()));
      }
    }
    try {
      return new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(rawTrainSet);
    } catch (IllegalArgumentException e) {
      throw new StepFailedException("the fitted transforms do not replay on split_data's train set: " + e.getMessage(),
          "a transform step wrote a model that does not fit its own input; rerun the pipeline (mbt retry --force)", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> params(Map<String, Object> trainMetrics) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("framework", trainMetrics.get("framework"));
    Object configured = trainMetrics.get("params");
    if (configured instanceof Map<?, ?> map) {
      params.putAll((Map<String, Object>) map);
    }
    return params;
  }

  private static Map<String, Double> metrics(Map<String, Object> evaluation) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (evaluation.get("metrics") instanceof Map<?, ?> map) {
      map.forEach((k, v) -> metrics.put(String.valueOf(k), v instanceof Number n ? n.doubleValue() : null));
    }
    return metrics;
  }

  /** The pipeline's training.schema, from a step of the manifest that carries it (log_run's config does not). */
  private static Optional<SchemaSpec> schemaSpec(Manifest manifest) {
    for (String name : List.of("evaluate", "train_model", "validate_data")) {
      ManifestStep step = manifest.steps().get(name);
      if (step != null && step.config().get("schema") != null) {
        return Optional.of(ManifestJson.mapper().convertValue(step.config().get("schema"), SchemaSpec.class));
      }
    }
    return Optional.empty();
  }
}
