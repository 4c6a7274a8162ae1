package io.mbt.steps.serving;

import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.registry.ModelRegistries;
import io.mbt.steps.registry.ModelRegistry;
import io.mbt.steps.registry.ModelVersion;
import io.mbt.steps.registry.RegisteredModelName;
import io.mbt.steps.registry.RegisteredRun;
import io.mbt.steps.registry.RegistryException;
import io.mbt.steps.registry.RunSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;

/**
 * {@code load_model}: resolves the serving run (blueprint §2.6–§2.7) and copies what serving needs
 * into this run's artifacts — {@code model} (the ModelBundle), {@code transforms} (the fitted
 * PipelineModel) and {@code training_schema} ({@link ServedModel}) — so later steps, retries and
 * {@code exec} never need the registry again.
 *
 * <p>Resolution: {@code artifact_snapshot: true} serves the snapshot {@code mbt compile} took in
 * {@code target/<pipeline>/snapshot}; otherwise the registry: {@code run_id} (or {@code latest}, the
 * newest version of the registered model), or an {@code alias}. When the primary run cannot be
 * resolved (missing, deleted, registry down) and {@code fallback_run_id} is set, the fallback
 * serves, with a warning and {@code fallback_used: true} in run_results.
 */
public final class LoadModelStep implements Step {
  static final String LATEST = "latest";

  /** The step's config, as the compiler's planner writes it. */
  record Config(
      AdapterRef registry,
      Optional<String> runId,
      Optional<String> alias,
      Optional<String> modelName,
      Optional<String> fallbackRunId,
      boolean artifactSnapshot) {
    Config {
      runId = runId == null ? Optional.empty() : runId.filter(s -> !s.isBlank());
      alias = alias == null ? Optional.empty() : alias;
      modelName = modelName == null ? Optional.empty() : modelName;
      fallbackRunId = fallbackRunId == null ? Optional.empty() : fallbackRunId.filter(s -> !s.isBlank());
    }

    String primaryName() {
      return runId.orElseGet(() -> "alias '" + alias.orElse("?") + "'");
    }
  }

  @Override
  public void run(StepContext ctx) {
    Config cfg = ctx.config(Config.class);
    Configuration hadoop = ctx.spark().sparkContext().hadoopConfiguration();
    RegisteredRun run;
    String source;
    if (cfg.artifactSnapshot()) {
      String dir = snapshotDir(ctx.projectDir(), ctx.pipelineName());
      run = loadSnapshot(ctx, cfg, dir, hadoop);
      source = "snapshot";
    } else {
      Resolved resolved = resolve(ctx, cfg);
      run = resolved.run();
      source = resolved.source();
    }

    // File copies, not load + save: a Spark ML load or save costs a few small Spark jobs per stage.
    ctx.putModel("model", uri -> copyDirectory(run.modelUri(), uri, hadoop));
    ctx.putModel("transforms", uri -> copyDirectory(run.transformsUri(), uri, hadoop));
    try {
      ServedModel served = new ServedModel(run.registry(), run.runId(), run.pipeline(), run.mbtRunId(), source, run.label(),
          ManifestJson.mapper().readTree(run.trainingSchema().json()));
      ctx.putJson("training_schema", served);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.record("model_run_id", run.runId());
    ctx.record("model_pipeline", run.pipeline());
    ctx.record("registry", run.registry());
    ctx.record("source", source);
    ctx.log().info("model_resolved", Map.of("registry", run.registry(), "run_id", run.runId(), "source", source));
  }

  /** Where {@code mbt compile} puts the snapshot of a serving pipeline. */
  public static String snapshotDir(Path projectDir, String pipeline) {
    return projectDir.toAbsolutePath().resolve("target").resolve(pipeline).resolve("snapshot").toUri().toString();
  }

  private static RegisteredRun loadSnapshot(StepContext ctx, Config cfg, String dir, Configuration hadoop) {
    RegisteredRun run;
    try {
      run = RunSnapshot.load(dir, hadoop);
    } catch (RegistryException e) {
      throw new StepFailedException(e.getMessage(), "run `mbt compile --select " + ctx.pipelineName() + "` with the registry reachable", e);
    }
    Optional<String> pinned = cfg.runId().filter(r -> !r.equals(LATEST));
    if (pinned.isPresent() && !pinned.get().equals(run.runId())) {
      throw new StepFailedException("the artifact snapshot at " + dir + " holds run " + run.runId() + ", but the pipeline now names run "
          + pinned.get(), "run `mbt compile --select " + ctx.pipelineName() + "` to snapshot run " + pinned.get());
    }
    return run;
  }

  private record Resolved(RegisteredRun run, String source) {}

  private static Resolved resolve(StepContext ctx, Config cfg) {
    Configuration hadoop = ctx.spark().sparkContext().hadoopConfiguration();
    ModelRegistry registry;
    try {
      registry = ModelRegistries.get(cfg.registry(), ctx.projectDir(), hadoop);
    } catch (IllegalArgumentException e) {
      throw new StepFailedException(e.getMessage(), "fix model_registry for target " + ctx.target() + " in profiles.yaml", e);
    }
    try (registry) {
      try {
        Optional<String> experiment = Optional.ofNullable(ctx.manifest().metadata().experimentName());
        return new Resolved(registry.loadRun(primaryRunId(cfg, registry, experiment, ctx.pipelineName())), "registry");
      } catch (RegistryException | UnsupportedOperationException | IllegalArgumentException primaryError) {
        if (cfg.fallbackRunId().isEmpty()) {
          throw new StepFailedException("cannot resolve model " + cfg.primaryName() + " in the '" + cfg.registry().type() + "' registry: "
              + primaryError.getMessage(),
              "pin a run that exists (--vars run_id=<id>; `mbt registry runs` lists them), or make serving independent of the registry"
                  + " with model_source.artifact_snapshot: true, or name a known-good model_source.fallback_run_id", primaryError);
        }
        String fallback = cfg.fallbackRunId().get();
        ctx.log().warn("model_fallback", Map.of("primary", cfg.primaryName(), "fallback_run_id", fallback, "reason", primaryError.getMessage()));
        ctx.record("fallback_used", true);
        ctx.record("primary_error", primaryError.getMessage());
        try {
          RegisteredRun run = registry.loadRun(fallback);
          ctx.record("resolved_run_id", run.runId());
          return new Resolved(run, "fallback");
        } catch (RegistryException e) {
          throw new StepFailedException("cannot resolve model " + cfg.primaryName() + " (" + primaryError.getMessage()
              + ") nor its fallback_run_id " + fallback + " (" + e.getMessage() + ")",
              "check the registry (mbt debug), or serve from a snapshot with model_source.artifact_snapshot: true", e);
        }
      }
    }
  }

  /** The run id the primary source names: a pinned id, the newest version for {@code latest}, or the run an alias names. */
  static String primaryRunId(Config cfg, ModelRegistry registry, Optional<String> experiment, String pipeline) {
    String modelName = cfg.modelName().orElseGet(() -> RegisteredModelName.of(cfg.registry().config(), experiment, pipeline));
    if (cfg.runId().isPresent() && !cfg.runId().get().equals(LATEST)) {
      return cfg.runId().get();
    }
    if (cfg.runId().isPresent()) {
      List<ModelVersion> versions = registry.modelVersions(modelName);
      if (versions.isEmpty()) {
        throw new IllegalArgumentException("run_id: latest found no version of registered model '" + modelName
            + "' (training runs of experiment " + modelName + " register one each)");
      }
      return versions.get(0).runId();
    }
    String alias = cfg.alias().orElseThrow(() -> new IllegalStateException("load_model needs run_id or alias; recompile the pipeline"));
    return registry.aliasRunId(modelName, alias).orElseThrow(() -> new IllegalArgumentException("alias '" + alias
        + "' of registered model '" + modelName + "' is not set; set it with `mbt registry promote --model " + modelName + " --alias "
        + alias + " --run-id <id> --reason ...`"));
  }

  private static void copyDirectory(String from, String to, Configuration hadoop) {
    try {
      org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(from);
      org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(to);
      FileSystem in = source.getFileSystem(hadoop);
      FileSystem out = target.getFileSystem(hadoop);
      if (!FileUtil.copy(in, source, out, target, false, true, hadoop)) {
        throw new IOException("copy of " + from + " to " + to + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the run's model files: " + e.getMessage(), e);
    }
  }
}
