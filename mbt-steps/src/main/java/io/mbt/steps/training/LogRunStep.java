package io.mbt.steps.training;

import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.model.ModelBundle;
import io.mbt.steps.registry.ModelRegistries;
import io.mbt.steps.registry.ModelRegistry;
import io.mbt.steps.registry.ModelVersion;
import io.mbt.steps.registry.RegisteredModelName;
import io.mbt.steps.registry.RegistryException;
import io.mbt.steps.registry.RunToLog;
import io.mbt.steps.registry.TrainingSchema;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/**
 * {@code log_run}: logs the run to the target's model registry — the model bundle, ONE Spark ML
 * {@link PipelineModel} of every fitted transform in DAG order (what serving replays before the
 * model), the raw training schema, parameters, metrics and plots — and writes {@code registry_run}
 * ({@code {registry, registry_run_id, uri}}). Logging the same MBT run again returns the same
 * registry run.
 */
public final class LogRunStep implements Step {
  static final String TRAIN_SET = "split_data.train_set";

  @Override
  @SuppressWarnings("unchecked")
  public void run(StepContext ctx) {
    AdapterRef registryRef = ctx.config("registry", AdapterRef.class);
    Map<String, Object> config = ctx.config();
    String pipeline = config.get("pipeline_name") == null ? ctx.pipelineName() : String.valueOf(config.get("pipeline_name"));
    Optional<String> experiment = Optional.ofNullable(config.get("experiment_name")).map(String::valueOf);
    List<String> tags = config.get("tags") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    List<String> inputs = ctx.step().inputs();

    String modelUri = ctx.inputUri("train_model.model");
    LabelInfo label = inputs.contains("split_data.label_info")
        ? ctx.json("split_data.label_info", LabelInfo.class)
        : ModelBundle.load(ctx.spark(), modelUri).descriptor().label();
    Map<String, Object> trainMetrics = ctx.json("train_model.train_metrics", Map.class);
    Map<String, Object> evaluation = ctx.json("evaluate.eval_metrics", Map.class);
    Dataset<Row> trainSet = ctx.table(TRAIN_SET);
    PipelineModel transforms = combinedTransforms(ctx, inputs, trainSet);

    RunToLog run = new RunToLog(pipeline, ctx.runId(), experiment, tags, params(trainMetrics), metrics(evaluation), evaluation, label,
        TrainingSchema.of(trainSet.schema(), label, schemaSpec(ctx)), modelUri, transforms,
        inputs.contains("evaluate.plots") ? Optional.of(ctx.inputUri("evaluate.plots")) : Optional.empty(),
        Instant.now().truncatedTo(ChronoUnit.MILLIS));

    String runId;
    String uri;
    String modelName = RegisteredModelName.of(registryRef.config(), experiment, pipeline);
    Optional<ModelVersion> version;
    try (ModelRegistry registry = open(ctx, registryRef)) {
      runId = registry.logRun(run);
      uri = registry.loadRun(runId).uri();
      version = register(ctx, registry, modelName, runId);
    } catch (RegistryException e) {
      throw new StepFailedException(e.getMessage(), "check model_registry in profiles.yaml for target " + ctx.target()
          + " (mbt debug checks it), then mbt retry", e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("registry", registryRef.type());
    out.put("registry_run_id", runId);
    out.put("uri", uri);
    version.ifPresent(v -> {
      out.put("model_name", v.modelName());
      out.put("model_version", v.version());
      ctx.record("model_name", v.modelName());
      ctx.record("model_version", v.version());
    });
    ctx.putJson("registry_run", out);
    ctx.record("registry", registryRef.type());
    ctx.record("registry_run_id", runId);
    ctx.log().info("run_logged", Map.of("registry", registryRef.type(), "registry_run_id", runId, "transform_stages", transforms.stages().length));
  }

  /** Registers the run as a version of the experiment's model; adapters without registered models skip it. */
  private static Optional<ModelVersion> register(StepContext ctx, ModelRegistry registry, String modelName, String runId) {
    try {
      return Optional.of(registry.registerModel(modelName, runId));
    } catch (UnsupportedOperationException e) {
      ctx.log().info("model_not_registered", Map.of("reason", e.getMessage()));
      return Optional.empty();
    }
  }

  private static ModelRegistry open(StepContext ctx, AdapterRef ref) {
    try {
      return ModelRegistries.get(ref, ctx.projectDir(), ctx.spark());
    } catch (IllegalArgumentException e) {
      throw new StepFailedException(e.getMessage(), "fix model_registry for target " + ctx.target() + " in profiles.yaml", e);
    }
  }

  /**
   * The stages of every {@code *.fitted} input, in input (DAG) order, as one pipeline. Fitting a
   * pipeline of transformers only checks them against the raw training schema: no Spark job runs.
   */
  static PipelineModel combinedTransforms(StepContext ctx, List<String> inputs, Dataset<Row> rawTrainSet) {
    List<PipelineStage> stages = new ArrayList<>();
    for (String input : inputs) {
      if (input.endsWith(".fitted")) {
        stages.addAll(Arrays.asList(ctx.pipelineModel(input).stages()));
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
  private static Optional<SchemaSpec> schemaSpec(StepContext ctx) {
    List<String> candidates = List.of("evaluate", "train_model", "validate_data");
    for (String name : candidates) {
      ManifestStep step = ctx.manifest().steps().get(name);
      if (step != null && step.config().get("schema") != null) {
        return Optional.of(ManifestJson.mapper().convertValue(step.config().get("schema"), SchemaSpec.class));
      }
    }
    return Optional.empty();
  }
}
