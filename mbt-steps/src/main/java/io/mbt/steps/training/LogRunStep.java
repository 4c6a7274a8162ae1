package io.mbt.steps.training;

import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.registry.ModelRegistries;
import io.mbt.steps.registry.ModelRegistry;
import io.mbt.steps.registry.ModelVersion;
import io.mbt.steps.registry.RegisteredModelName;
import io.mbt.steps.registry.RegistryException;
import io.mbt.steps.registry.RunToLog;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;

/**
 * {@code log_run}: logs the run to the target's model registry — the model bundle, ONE Spark ML
 * {@link PipelineModel} of every fitted transform in DAG order (what serving replays before the
 * model), the raw training schema, parameters, metrics and plots — and writes {@code registry_run}
 * ({@code {registry, registry_run_id, uri}}). Logging the same MBT run again returns the same
 * registry run. What it logs is gathered by {@link RunGatherer} from the step's declared inputs.
 */
public final class LogRunStep implements Step {

  @Override
  public void run(StepContext ctx) {
    AdapterRef registryRef = ctx.config("registry", AdapterRef.class);
    RunGatherer.Naming naming = RunGatherer.Naming.fromLogRunConfig(ctx.config(), ctx.pipelineName());
    RunToLog run = RunGatherer.gather(ctx.spark(), ctx.manifest(), ctx, ctx.step().inputs(), naming, ctx.runId(),
        Instant.now().truncatedTo(ChronoUnit.MILLIS));

    String runId;
    String uri;
    String modelName = RegisteredModelName.of(registryRef.config(), run.experiment(), run.pipeline());
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
    ctx.log().info("run_logged", Map.of("registry", registryRef.type(), "registry_run_id", runId, "transform_stages", run.transforms().stages().length));
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
}
