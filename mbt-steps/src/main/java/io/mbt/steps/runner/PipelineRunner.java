package io.mbt.steps.runner;

import io.mbt.compiler.MbtVersion;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.steps.api.ArtifactKind;
import io.mbt.steps.api.DerivingStep;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.api.StepListener;
import io.mbt.steps.secrets.SecretResolver;
import io.mbt.steps.storage.ArtifactStore;
import io.mbt.steps.storage.ArtifactStores;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Executes a compiled manifest on a SparkSession it is given: batch by batch, each step reading
 * its inputs from the artifact store and writing its outputs back (atomically), then a step record
 * and an updated run_results.json. Retry resumes a run; exec runs one step of it.
 */
public final class PipelineRunner {
  private final SparkSession spark;
  private final Path projectDir;
  private final Path resultsDir;
  private final PrintStream console;
  private final List<StepListener> listeners = new ArrayList<>();
  private final Clock clock;

  /**
   * @param resultsDir where run_results.json goes ({@code target/<pipeline>})
   */
  public PipelineRunner(SparkSession spark, Path projectDir, Path resultsDir, PrintStream console, Clock clock) {
    this.spark = spark;
    this.projectDir = projectDir;
    this.resultsDir = resultsDir;
    this.console = console;
    this.clock = clock;
    ServiceLoader.load(StepListener.class).forEach(listeners::add);
  }

  public PipelineRunner withListener(StepListener listener) {
    listeners.add(listener);
    return this;
  }

  /** The artifact store of a manifest's target. */
  public ArtifactStore store(Manifest manifest) {
    String root = StorageRoots.forPipeline(manifest.profile().storage(), projectDir, manifest.metadata().pipelineName());
    return ArtifactStores.hadoop(spark, root, Map.of());
  }

  public RunResults run(Manifest manifest, RunRequest request) {
    String pipeline = manifest.metadata().pipelineName();
    ArtifactStore store = store(manifest);
    ArtifactIO io = new ArtifactIO(spark, store);
    StepCommits commits = new StepCommits(spark, pipeline);
    LoadedModels models = new LoadedModels(commits::awaitWritten);
    Map<String, StepRecord> records = existingRecords(manifest, store, request.runId());
    Set<String> toRun = plan(manifest, request, records, io);
    boolean jsonConsole = "json".equals(String.valueOf(manifest.profile().observability().getOrDefault("logging", Map.of()) instanceof Map<?, ?> m
        ? m.get("format") : null));
    Path logFile = projectDir.resolve("logs").resolve(pipeline).resolve(request.runId() + ".jsonl");
    SecretResolver secrets = SecretResolver.forProvider(manifest.profile().secrets().type(), manifest.profile().secrets().config());

    Instant started = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Map<String, RunResults.StepResult> results = new LinkedHashMap<>();
    Optional<RunResults> previous = RunResultsFiles.read(resultsDir.resolve(RunResults.FILE))
        .filter(r -> r.runId().equals(request.runId()));
    for (String name : order(manifest)) {
      ManifestStep step = manifest.steps().get(name);
      if (toRun.contains(name)) {
        results.put(name, RunResults.StepResult.pending(step.plugin()));
      } else if (records.containsKey(name)) {
        results.put(name, resultFrom(records.get(name), "skipped"));
      } else {
        results.put(name, previous.map(r -> r.steps().get(name)).orElse(RunResults.StepResult.pending(step.plugin())));
      }
    }
    String startedAt = previous.filter(p -> request.mode() != RunRequest.Mode.RUN).map(RunResults::startedAt).orElse(started.toString());
    RunState state = new RunState(manifest, request, store.root(), startedAt, results);
    state.write("running", Optional.empty());

    // Closed in reverse: the commits drain first, then the log; closing the models releases the
    // views cached during the run, whatever its outcome.
    try (models;
        RunLog log = new RunLog(pipeline, request.runId(), manifest.metadata().target(), logFile, console, jsonConsole);
        commits) {
      log.event("INFO", "", "pipeline_started", Map.of("mode", request.mode().name().toLowerCase(), "steps_to_run", List.copyOf(toRun),
          "execution_date", request.executionDate().toString(), "artifact_root", store.root()));
      log.progress("Running " + pipeline + " (run " + request.runId() + ", target " + manifest.metadata().target() + ", execution_date "
          + request.executionDate() + ")");
      int index = 0;
      int total = results.size();
      for (String name : order(manifest)) {
        index++;
        ManifestStep step = manifest.steps().get(name);
        if (!toRun.contains(name)) {
          if (records.containsKey(name)) {
            int shown = index;
            commits.submit(name, List.of(), () -> { // after the steps before it, on the console too
              log.event("INFO", name, "step_skipped", Map.of("reason", "completed earlier in this run"));
              log.progress(String.format("  %d/%d %-20s SKIPPED (completed earlier in this run)", shown, total, name));
              listeners.forEach(l -> safely(() -> l.onStepSkipped(pipeline, name, request.runId(), "completed")));
            });
          }
          continue;
        }
        throwIfCommitFailed(commits, manifest, request, records, log, state);
        StepRecord record = runStep(manifest, request, name, step, io, records, secrets, log, state, index, total, models, commits);
        records.put(name, record);
      }
      commits.drain();
      throwIfCommitFailed(commits, manifest, request, records, log, state);
      Duration total0 = Duration.between(Instant.parse(startedAt), clock.instant());
      RunResults done = state.write("success", Optional.empty());
      log.event("INFO", "", "pipeline_completed", Map.of("duration_seconds", total0.toMillis() / 1000.0));
      log.progress("Completed " + pipeline + " in " + String.format("%.1f", total0.toMillis() / 1000.0) + " s -> "
          + projectDir.relativize(resultsDir.resolve(RunResults.FILE).toAbsolutePath()));
      listeners.forEach(l -> safely(() -> l.onPipelineComplete(pipeline, request.runId(), "success", total0)));
      return done;
    }
  }

  /**
   * Runs one step; its record and run_results entry are committed by {@code commits} once the
   * files it left to write behind it are in place, while the next step runs.
   */
  private StepRecord runStep(Manifest manifest, RunRequest request, String name, ManifestStep step, ArtifactIO io,
      Map<String, StepRecord> records, SecretResolver secrets, RunLog log, RunState state, int index, int total, LoadedModels models,
      StepCommits commits) {
    String pipeline = manifest.metadata().pipelineName();
    Instant start = clock.instant();
    long startNanos = System.nanoTime();
    listeners.forEach(l -> safely(() -> l.onStepStart(pipeline, name, request.runId())));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("plugin", step.plugin());
    fields.put("resources", ManifestJson.toMap(step.resources()));
    log.event("INFO", name, "step_started", fields);
    state.put(name, new RunResults.StepResult("running", Optional.empty(), step.plugin(), Optional.empty(), Map.of(), Map.of(), Map.of(),
        Optional.empty()));
    state.write("running", Optional.empty());
    try {
      io.clearStep(request.runId(), name);
      Map<String, Object> resolved = secrets.resolveMap(step.config());
      Derivations derivations = ref -> derive(manifest, request, ref, io, records, secrets, log, models, commits);
      RunnerStepContext context = new RunnerStepContext(spark, manifest, name, request.runId(), request.executionDate(), projectDir, resolved, io,
          records, log.forStep(name), models, derivations, commits);
      spark.sparkContext().setJobGroup(pipeline + "/" + name, "mbt " + pipeline + " step " + name, false);
      Step implementation = StepFactory.create(name, step.plugin());
      implementation.run(context);
      List<String> missing = step.outputs().stream().filter(o -> !context.outputs.containsKey(o)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException("step " + name + " (" + step.plugin() + ") finished without writing its outputs " + missing);
      }
      if (!(implementation instanceof DerivingStep)
          && context.outputs.values().stream().anyMatch(o -> o.kind() == ArtifactKind.DERIVED_TABLE)) {
        throw new IllegalStateException("step " + name + " (" + step.plugin() + ") declares derived tables but does not implement "
            + DerivingStep.class.getName() + ", so they could not be rebuilt");
      }
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      Map<String, String> inputDigests = new LinkedHashMap<>();
      for (String ref : step.inputs()) {
        int dot = ref.indexOf('.');
        StepRecord producer = records.get(ref.substring(0, dot));
        OutputRecord output = producer == null ? null : producer.outputs().get(ref.substring(dot + 1));
        inputDigests.put(ref, output == null ? "missing" : output.digest());
      }
      StepRecord record = new StepRecord(name, step.plugin(), start.truncatedTo(ChronoUnit.MILLIS).toString(),
          clock.instant().truncatedTo(ChronoUnit.MILLIS).toString(), Math.round(seconds * 1000) / 1000.0, context.outputs, inputDigests,
          configDigest(step), MbtVersion.current(), context.details);
      Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
      commits.submit(name, List.copyOf(context.writesBehind), () -> {
        io.writeJson(request.runId(), name, StepRecord.FILE, record);
        state.put(name, resultFrom(record, "success"));
        state.write("running", Optional.empty());
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("duration_seconds", record.durationSeconds());
        done.putAll(context.details);
        log.event("INFO", name, "step_completed", done);
        log.progress(String.format("  %d/%d %-20s OK   %7.1f s%s", index, total, name, seconds, summary(context.details)));
        listeners.forEach(l -> safely(() -> l.onStepComplete(pipeline, name, request.runId(), duration)));
      });
      return record;
    } catch (RuntimeException | Error e) {
      throw failAfterCommits(manifest, request, name, step, e, startNanos, log, state, commits, records);
    } catch (Exception e) {
      throw failAfterCommits(manifest, request, name, step, e, startNanos, log, state, commits, records);
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  /**
   * A step failed: the steps before it are committed first (their files may still be being
   * written); if one of them failed to commit, the run failed there.
   */
  private RunFailedException failAfterCommits(Manifest manifest, RunRequest request, String name, ManifestStep step, Throwable e,
      long startNanos, RunLog log, RunState state, StepCommits commits, Map<String, StepRecord> records) {
    Optional<StepCommits.Failure> earlier = commits.drain();
    if (earlier.isPresent()) {
      state.put(name, new RunResults.StepResult("failed", Optional.of(seconds(startNanos)), step.plugin(), Optional.of(configDigest(step)),
          Map.of(), Map.of(), Map.of(), Optional.of(rootMessage(e))));
      return commitFailure(earlier.get(), manifest, request, records, log, state);
    }
    return fail(manifest, request, name, step, e, seconds(startNanos), log, state);
  }

  /** Fails the run at the first step whose files or record could not be committed, if there is one. */
  private void throwIfCommitFailed(StepCommits commits, Manifest manifest, RunRequest request, Map<String, StepRecord> records, RunLog log,
      RunState state) {
    Optional<StepCommits.Failure> failure = commits.failure();
    if (failure.isPresent()) {
      commits.drain();
      throw commitFailure(failure.get(), manifest, request, records, log, state);
    }
  }

  private RunFailedException commitFailure(StepCommits.Failure failure, Manifest manifest, RunRequest request, Map<String, StepRecord> records,
      RunLog log, RunState state) {
    String name = failure.step();
    StepRecord uncommitted = records.remove(name);
    double seconds = uncommitted == null ? 0 : uncommitted.durationSeconds();
    state.uncommitted(name); // steps after it ran but were not committed: they run again on retry
    return fail(manifest, request, name, manifest.steps().get(name), failure.error(), seconds, log, state);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private RunFailedException fail(Manifest manifest, RunRequest request, String name, ManifestStep step, Throwable e, double seconds, RunLog log,
      RunState state) {
    String pipeline = manifest.metadata().pipelineName();
    String message = e instanceof StepFailedException ? e.getMessage() : rootMessage(e);
    String hint = e instanceof StepFailedException sf ? sf.hint() : "";
    state.put(name, new RunResults.StepResult("failed", Optional.of(Math.round(seconds * 1000) / 1000.0), step.plugin(),
        Optional.of(configDigest(step)), Map.of(), Map.of(), Map.of(), Optional.of(message)));
    RunResults failed = state.write("failed", Optional.of("step " + name + ": " + message));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("error", message);
    fields.put("error_type", e.getClass().getName());
    log.event("ERROR", name, "step_failed", fields);
    log.progress(String.format("  %-24s FAILED after %.1f s: %s", name, seconds, message));
    if (!hint.isEmpty()) {
      log.progress("    hint: " + hint);
    }
    listeners.forEach(l -> safely(() -> l.onStepFailure(pipeline, name, request.runId(), e)));
    listeners.forEach(l -> safely(() -> l.onPipelineComplete(pipeline, request.runId(), "failed",
        Duration.between(Instant.parse(failed.startedAt()), clock.instant()))));
    return new RunFailedException(name, message, hint, failed, e);
  }

  /**
   * Rebuilds derived table {@code ref} ({@code <step>.<output>}) by asking its producing step to
   * derive it again from that step's recorded inputs, config and details.
   */
  private Dataset<Row> derive(Manifest manifest, RunRequest request, String ref, ArtifactIO io, Map<String, StepRecord> records,
      SecretResolver secrets, RunLog log, LoadedModels models, StepCommits commits) {
    int dot = ref.indexOf('.');
    String producer = ref.substring(0, dot);
    String output = ref.substring(dot + 1);
    StepRecord record = records.get(producer);
    ManifestStep step = manifest.steps().get(producer);
    if (record == null || step == null) {
      throw new IllegalStateException("derived table " + ref + " of run " + request.runId() + " cannot be rebuilt: step " + producer
          + " has not completed in this run; run it first (mbt retry)");
    }
    if (!(StepFactory.create(producer, record.plugin()) instanceof DerivingStep deriving)) {
      throw new IllegalStateException("derived table " + ref + " cannot be rebuilt: " + record.plugin() + " no longer derives tables; rerun step "
          + producer + " (mbt retry --force)");
    }
    RunnerStepContext context = new RunnerStepContext(spark, manifest, producer, request.runId(), request.executionDate(), projectDir,
        secrets.resolveMap(step.config()), io, records, log.forStep(producer), models,
        r -> derive(manifest, request, r, io, records, secrets, log, models, commits), commits);
    return deriving.derive(context, output, record.details());
  }

  private Set<String> plan(Manifest manifest, RunRequest request, Map<String, StepRecord> records, ArtifactIO io) {
    List<String> order = order(manifest);
    switch (request.mode()) {
      case RUN -> {
        if (!records.isEmpty()) {
          throw new StepFailedException("run " + request.runId() + " of " + manifest.metadata().pipelineName() + " already has completed steps "
              + records.keySet(), "use 'mbt retry " + manifest.metadata().pipelineName() + "' to resume it, or start a new run");
        }
        return new LinkedHashSet<>(order);
      }
      case EXEC -> {
        String only = request.onlyStep().orElseThrow();
        if (!manifest.steps().containsKey(only)) {
          throw new StepFailedException("pipeline " + manifest.metadata().pipelineName() + " has no step '" + only + "'",
              "steps: " + String.join(", ", order));
        }
        return new LinkedHashSet<>(List.of(only));
      }
      default -> {
        if (request.force()) {
          return new LinkedHashSet<>(order);
        }
        return RetryPlan.stepsToRun(manifest, s -> {
          StepRecord r = records.get(s);
          return r != null && r.outputs().values().stream().allMatch(o -> o.kind() == ArtifactKind.TABLE_VIEW || o.kind() == ArtifactKind.DERIVED_TABLE || io.exists(o.uri()))
              && r.configDigest().equals(configDigest(manifest.steps().get(s)));
        });
      }
    }
  }

  private static Map<String, StepRecord> existingRecords(Manifest manifest, ArtifactStore store, String runId) {
    Map<String, StepRecord> records = new LinkedHashMap<>();
    for (String name : manifest.steps().keySet()) {
      if (store.exists(runId, name, StepRecord.FILE)) {
        try {
          records.put(name, ManifestJson.mapper().readValue(store.get(runId, name, StepRecord.FILE), StepRecord.class));
        } catch (java.io.IOException e) {
          // An unreadable record means the step did not finish cleanly: it will run again.
        }
      }
    }
    return records;
  }

  static String configDigest(ManifestStep step) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("plugin", step.plugin());
    content.put("config", step.config());
    content.put("inputs", step.inputs());
    content.put("outputs", step.outputs());
    return "sha256:" + ArtifactIO.sha256(ManifestJson.write(content).getBytes(StandardCharsets.UTF_8));
  }

  private static RunResults.StepResult resultFrom(StepRecord record, String status) {
    Map<String, String> outputs = new LinkedHashMap<>();
    record.outputs().forEach((k, v) -> outputs.put(k, v.uri()));
    return new RunResults.StepResult(status, Optional.of(record.durationSeconds()), record.plugin(), Optional.of(record.configDigest()),
        record.inputDigests(), outputs, record.details(), Optional.empty());
  }

  private static List<String> order(Manifest manifest) {
    return manifest.dag().executionBatches().stream().flatMap(List::stream).toList();
  }

  private static String summary(Map<String, Object> details) {
    Object metrics = details.get("metrics");
    if (metrics instanceof Map<?, ?> m && !m.isEmpty()) {
      StringBuilder out = new StringBuilder("  ");
      m.forEach((k, v) -> out.append(k).append('=').append(v instanceof Double d ? String.format("%.4f", d) : v).append(' '));
      return out.toString().stripTrailing();
    }
    Object rows = details.get("rows");
    return rows == null ? "" : "  rows=" + rows;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t && !(t instanceof StepFailedException)) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return t == e ? message : message + " (" + e.getClass().getSimpleName() + ")";
  }

  private void safely(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      console.println("warning: a step listener failed: " + e);
    }
  }

  /** The run_results.json being built. */
  private final class RunState {
    final Manifest manifest;
    final RunRequest request;
    final String artifactRoot;
    final String startedAt;
    final Map<String, RunResults.StepResult> results;

    RunState(Manifest manifest, RunRequest request, String artifactRoot, String startedAt, Map<String, RunResults.StepResult> results) {
      this.manifest = manifest;
      this.request = request;
      this.artifactRoot = artifactRoot;
      this.startedAt = startedAt;
      this.results = results;
    }

    /** Every step still shown as running, except {@code failed}, back to pending. */
    synchronized void uncommitted(String failed) {
      results.replaceAll((step, result) -> !step.equals(failed) && "running".equals(result.status())
          ? RunResults.StepResult.pending(result.plugin()) : result);
    }

    /** Steps' entries change from the main thread and the commit thread. */
    synchronized void put(String step, RunResults.StepResult result) {
      results.put(step, result);
    }

    synchronized RunResults write(String status, Optional<String> error) {
      Optional<String> registryRun = Optional.ofNullable(results.get("log_run")).map(r -> r.details().get("registry_run_id")).map(String::valueOf);
      RunResults r = new RunResults(request.runId(), manifest.metadata().pipelineName(), manifest.metadata().pipelineType().yamlName(),
          manifest.metadata().target(), request.executionDate().toString(), startedAt,
          status.equals("running") ? Optional.empty() : Optional.of(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString()), status,
          manifest.metadata().schemaVersion(), MbtVersion.current(), manifest.metadata().pipelineDigest(), artifactRoot, registryRun,
          Optional.of(manifest.metadata().experimentName()), results, error);
      RunResultsFiles.write(resultsDir.resolve(RunResults.FILE), r);
      return r;
    }
  }
}
