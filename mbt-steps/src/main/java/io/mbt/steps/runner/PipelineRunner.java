package io.mbt.steps.runner;

import io.mbt.compiler.MbtVersion;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.steps.api.ArtifactKind;
import io.mbt.steps.api.DerivingStep;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepCommitted;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * Executes a compiled manifest on a SparkSession it is given: batch by batch, each step reading
 * its inputs from the artifact store and writing its outputs back (atomically), then a step record
 * and an updated run_results.json. What runs is a {@link RunRequest} (a new run, a retry that
 * resumes a run, one step, or named steps); where its files go and how to stop it, {@link
 * RunOptions}.
 *
 * <p>A run ends by returning its results ({@code success}), or by throwing {@link
 * RunFailedException} (a step failed, or could not be committed) or its subclass {@link
 * RunCancelledException} (stopped by its {@link RunCancellation}). A request that cannot run as
 * asked (an unknown step, a selected step whose input is not available, a new run over a run id
 * with completed steps) throws {@link StepFailedException} before anything runs.
 */
public final class PipelineRunner {
  private final SparkSession spark;
  private final Path projectDir;
  private final Path resultsDir;
  private final PrintStream console;
  private final List<StepListener> listeners = new ArrayList<>();
  private final Clock clock;

  /**
   * @param resultsDir where run_results.json goes ({@code target/<pipeline>}) unless {@link
   *     RunOptions#resultsFile} says otherwise
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
    return store(manifest, RunOptions.defaults());
  }

  /** The artifact store a run with {@code options} uses: {@link RunOptions#artifactRoot}, else the target's. */
  public ArtifactStore store(Manifest manifest, RunOptions options) {
    String root = options.artifactRoot()
        .orElseGet(() -> StorageRoots.forPipeline(manifest.profile().storage(), projectDir, manifest.metadata().pipelineName()));
    return ArtifactStores.hadoop(spark, root, Map.of());
  }

  /** Runs {@code request} with the {@link RunOptions#defaults()}. */
  public RunResults run(Manifest manifest, RunRequest request) {
    return run(manifest, request, RunOptions.defaults());
  }

  /**
   * Runs {@code request} of {@code manifest}.
   *
   * @return the results, with status {@code success}
   * @throws RunCancelledException if {@code options}' cancellation stopped it
   * @throws RunFailedException if a step failed, or its outputs could not be committed
   * @throws StepFailedException if the request cannot run as asked; nothing ran
   */
  public RunResults run(Manifest manifest, RunRequest request, RunOptions options) {
    String pipeline = manifest.metadata().pipelineName();
    ArtifactIO io = new ArtifactIO(spark, store(manifest, options));
    Map<String, StepRecord> records = existingRecords(manifest, io.store(), request.runId());
    Set<String> toRun = RunPlan.stepsToRun(manifest, request, records, step -> complete(manifest, records, io, step));
    SecretResolver secrets = SecretResolver.forProvider(manifest.profile().secrets().type(), manifest.profile().secrets().config());
    Path resultsFile = options.resultsFile().orElse(resultsDir.resolve(RunResults.FILE));
    Optional<RunResults> previous = RunResultsFiles.read(resultsFile).filter(r -> r.runId().equals(request.runId()));
    String startedAt = previous.filter(p -> request.mode() != RunRequest.Mode.RUN).map(RunResults::startedAt)
        .orElse(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    RunProgress progress = new RunProgress(manifest, request, io.store().root(), startedAt, initialResults(manifest, request, toRun, records,
        previous), resultsFile, clock);
    progress.write(RunResults.RUNNING, Optional.empty());

    boolean jsonConsole = "json".equals(String.valueOf(manifest.profile().observability().getOrDefault("logging", Map.of()) instanceof Map<?, ?> m
        ? m.get("format") : null));
    Path logFile = projectDir.resolve("logs").resolve(pipeline).resolve(request.runId() + ".jsonl");
    RunLog runLog = new RunLog(pipeline, request.runId(), manifest.metadata().target(), logFile, console, jsonConsole);
    try (ActiveRun run = new ActiveRun(spark, manifest, request, projectDir, io, records, secrets, progress, runLog,
        options.cancellation())) {
      run.log.event("INFO", "", "pipeline_started", Map.of("mode", request.mode().name().toLowerCase(), "steps_to_run", List.copyOf(toRun),
          "execution_date", request.executionDate().toString(), "artifact_root", io.store().root()));
      run.log.progress("Running " + pipeline + " (run " + request.runId() + ", target " + manifest.metadata().target() + ", execution_date "
          + request.executionDate() + ")");
      List<String> order = RunPlan.order(manifest);
      int index = 0;
      for (String name : order) {
        index++;
        if (!toRun.contains(name)) {
          if (records.containsKey(name) && selected(request, name)) {
            announceSkipped(run, name, index, order.size());
          }
          continue;
        }
        throwIfCommitFailed(run);
        if (run.cancellation.isCancelled()) {
          throw cancelled(run, name, null);
        }
        records.put(name, runStep(run, name, index, order.size()));
      }
      run.commits.drain();
      throwIfCommitFailed(run);
      Duration total = Duration.between(Instant.parse(startedAt), clock.instant());
      RunResults done = progress.write(RunResults.SUCCESS, Optional.empty());
      run.log.event("INFO", "", "pipeline_completed", Map.of("duration_seconds", total.toMillis() / 1000.0));
      run.log.progress("Completed " + pipeline + " in " + String.format("%.1f", total.toMillis() / 1000.0) + " s -> " + shown(resultsFile));
      notifyListeners(l -> l.onPipelineComplete(pipeline, request.runId(), RunResults.SUCCESS, total));
      return done;
    }
  }

  /** How run_results.json shows each step before the run starts. */
  private static Map<String, RunResults.StepResult> initialResults(Manifest manifest, RunRequest request, Set<String> toRun,
      Map<String, StepRecord> records, Optional<RunResults> previous) {
    Map<String, RunResults.StepResult> results = new LinkedHashMap<>();
    for (String name : RunPlan.order(manifest)) {
      ManifestStep step = manifest.steps().get(name);
      StepRecord record = records.get(name);
      if (toRun.contains(name)) {
        results.put(name, RunResults.StepResult.pending(step.plugin()));
      } else if (!selected(request, name)) {
        results.put(name, record != null ? resultFrom(record, RunResults.NOT_SELECTED)
            : new RunResults.StepResult(RunResults.NOT_SELECTED, Optional.empty(), step.plugin(), Optional.empty(), Map.of(), Map.of(), Map.of(),
                Optional.empty()));
      } else if (record != null) {
        results.put(name, resultFrom(record, RunResults.SKIPPED));
      } else {
        results.put(name, previous.map(r -> r.steps().get(name)).orElse(RunResults.StepResult.pending(step.plugin())));
      }
    }
    return results;
  }

  /** Whether the request concerns {@code step}: every step does, except those a run of named steps leaves out. */
  private static boolean selected(RunRequest request, String step) {
    return request.mode() != RunRequest.Mode.STEPS || request.steps().contains(step);
  }

  /** A step completed earlier in the run: said after the steps before it, on the console too. */
  private void announceSkipped(ActiveRun run, String name, int index, int total) {
    run.commits.submit(name, List.of(), () -> {
      run.log.event("INFO", name, "step_skipped", Map.of("reason", "completed earlier in this run"));
      run.log.progress(String.format("  %d/%d %-20s SKIPPED (completed earlier in this run)", index, total, name));
      notifyListeners(l -> l.onStepSkipped(run.pipeline(), name, run.runId(), "completed"));
    });
  }

  /**
   * Runs one step; its record and run_results entry are committed by the run's commits once the
   * files it left to write behind it are in place, while the next step runs.
   */
  private StepRecord runStep(ActiveRun run, String name, int index, int total) {
    ManifestStep step = run.step(name);
    Instant start = clock.instant();
    long startNanos = System.nanoTime();
    notifyListeners(l -> l.onStepStart(run.pipeline(), name, run.runId()));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("plugin", step.plugin());
    fields.put("resources", ManifestJson.toMap(step.resources()));
    run.log.event("INFO", name, "step_started", fields);
    run.progress.put(name, new RunResults.StepResult(RunResults.RUNNING, Optional.empty(), step.plugin(), Optional.empty(), Map.of(), Map.of(),
        Map.of(), Optional.empty()));
    run.progress.write(RunResults.RUNNING, Optional.empty());
    run.jobs.enter(name);
    try {
      run.io.clearStep(run.runId(), name);
      RunnerStepContext context = run.context(name);
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
      double seconds = seconds(startNanos);
      StepRecord record = new StepRecord(name, step.plugin(), start.truncatedTo(ChronoUnit.MILLIS).toString(),
          clock.instant().truncatedTo(ChronoUnit.MILLIS).toString(), Math.round(seconds * 1000) / 1000.0, context.outputs,
          inputDigests(run, step), configDigest(step), MbtVersion.current(), context.details);
      Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
      run.commits.submit(name, List.copyOf(context.writesBehind), () -> commit(run, record, index, total, seconds, duration));
      return record;
    } catch (Exception | Error e) {
      throw run.cancellation.isCancelled() ? cancelled(run, name, e) : failAfterCommits(run, name, e, startNanos);
    } finally {
      run.jobs.exit(name);
    }
  }

  /** On the commit thread, once the step's files are in place: its record, its results entry, then the listeners. */
  private void commit(ActiveRun run, StepRecord record, int index, int total, double seconds, Duration duration) {
    String name = record.step();
    run.io.writeJson(run.runId(), name, StepRecord.FILE, record);
    run.progress.put(name, resultFrom(record, RunResults.SUCCESS));
    run.progress.write(RunResults.RUNNING, Optional.empty());
    Map<String, Object> done = new LinkedHashMap<>();
    done.put("duration_seconds", record.durationSeconds());
    done.putAll(record.details());
    run.log.event("INFO", name, "step_completed", done);
    run.log.progress(String.format("  %d/%d %-20s OK   %7.1f s%s", index, total, name, seconds, summary(record.details())));
    StepCommitted committed = new StepCommitted(run.pipeline(), run.runId(), name, record.plugin(), record.outputs(), record.inputDigests(),
        record.configDigest(), record.details());
    notifyListeners(l -> l.onStepCommitted(committed));
    notifyListeners(l -> l.onStepComplete(run.pipeline(), name, run.runId(), duration));
  }

  private static Map<String, String> inputDigests(ActiveRun run, ManifestStep step) {
    Map<String, String> digests = new LinkedHashMap<>();
    for (String ref : step.inputs()) {
      int dot = ref.indexOf('.');
      StepRecord producer = run.records.get(ref.substring(0, dot));
      OutputRecord output = producer == null ? null : producer.outputs().get(ref.substring(dot + 1));
      digests.put(ref, output == null ? "missing" : output.digest());
    }
    return digests;
  }

  /**
   * A step failed: the steps before it are committed first (their files may still be being
   * written); if one of them failed to commit, the run failed there.
   */
  private RunFailedException failAfterCommits(ActiveRun run, String name, Throwable e, long startNanos) {
    Optional<StepCommits.Failure> earlier = run.commits.drain();
    ManifestStep step = run.step(name);
    if (earlier.isPresent()) {
      run.progress.put(name, new RunResults.StepResult(RunResults.FAILED, Optional.of(seconds(startNanos)), step.plugin(),
          Optional.of(configDigest(step)), Map.of(), Map.of(), Map.of(), Optional.of(rootMessage(e))));
      return commitFailure(run, earlier.get());
    }
    return fail(run, name, e, seconds(startNanos));
  }

  /**
   * The run was cancelled before or while step {@code name} ran: the steps before it are committed
   * (unless one fails to, which fails the run there), it and every step after it stay pending.
   */
  private RunFailedException cancelled(ActiveRun run, String name, Throwable cause) {
    Optional<StepCommits.Failure> earlier = run.commits.drain();
    if (earlier.isPresent()) {
      run.progress.put(name, RunResults.StepResult.pending(run.step(name).plugin()));
      return commitFailure(run, earlier.get());
    }
    String reason = run.cancellation.reason().orElseThrow();
    run.progress.stopped();
    RunResults results = run.progress.write(RunResults.CANCELLED, Optional.of("cancelled at step " + name + ": " + reason));
    run.log.event("WARN", name, "pipeline_cancelled", Map.of("reason", reason));
    run.log.progress(String.format("  %-24s CANCELLED: %s", name, reason));
    notifyListeners(l -> l.onPipelineComplete(run.pipeline(), run.runId(), RunResults.CANCELLED,
        Duration.between(Instant.parse(results.startedAt()), clock.instant())));
    return new RunCancelledException(name, reason, results, cause);
  }

  /** Fails the run at the first step whose files or record could not be committed, if there is one. */
  private void throwIfCommitFailed(ActiveRun run) {
    Optional<StepCommits.Failure> failure = run.commits.failure();
    if (failure.isPresent()) {
      run.commits.drain();
      throw commitFailure(run, failure.get());
    }
  }

  private RunFailedException commitFailure(ActiveRun run, StepCommits.Failure failure) {
    String name = failure.step();
    StepRecord uncommitted = run.records.remove(name);
    double seconds = uncommitted == null ? 0 : uncommitted.durationSeconds();
    run.progress.uncommitted(name); // steps after it ran but were not committed: they run again on retry
    return fail(run, name, failure.error(), seconds);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private RunFailedException fail(ActiveRun run, String name, Throwable e, double seconds) {
    ManifestStep step = run.step(name);
    String message = e instanceof StepFailedException ? e.getMessage() : rootMessage(e);
    String hint = e instanceof StepFailedException sf ? sf.hint() : "";
    run.progress.put(name, new RunResults.StepResult(RunResults.FAILED, Optional.of(Math.round(seconds * 1000) / 1000.0), step.plugin(),
        Optional.of(configDigest(step)), Map.of(), Map.of(), Map.of(), Optional.of(message)));
    RunResults failed = run.progress.write(RunResults.FAILED, Optional.of("step " + name + ": " + message));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("error", message);
    fields.put("error_type", e.getClass().getName());
    run.log.event("ERROR", name, "step_failed", fields);
    run.log.progress(String.format("  %-24s FAILED after %.1f s: %s", name, seconds, message));
    if (!hint.isEmpty()) {
      run.log.progress("    hint: " + hint);
    }
    notifyListeners(l -> l.onStepFailure(run.pipeline(), name, run.runId(), e));
    notifyListeners(l -> l.onPipelineComplete(run.pipeline(), run.runId(), RunResults.FAILED,
        Duration.between(Instant.parse(failed.startedAt()), clock.instant())));
    return new RunFailedException("step " + name + " failed: " + message, name, hint, failed, e);
  }

  /** Whether a retry may reuse {@code step}: it has a record, its stored outputs exist, and its config is the manifest's. */
  private static boolean complete(Manifest manifest, Map<String, StepRecord> records, ArtifactIO io, String step) {
    StepRecord r = records.get(step);
    return r != null
        && r.outputs().values().stream().allMatch(o -> o.kind() == ArtifactKind.TABLE_VIEW || o.kind() == ArtifactKind.DERIVED_TABLE || io.exists(o.uri()))
        && r.configDigest().equals(configDigest(manifest.steps().get(step)));
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

  /** The results file relative to the project when it is inside it. */
  private String shown(Path resultsFile) {
    Path file = resultsFile.toAbsolutePath().normalize();
    Path project = projectDir.toAbsolutePath().normalize();
    return file.startsWith(project) ? project.relativize(file).toString() : file.toString();
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

  /** Calls every listener; one that throws is reported on the console and never changes the run's outcome. */
  private void notifyListeners(Consumer<StepListener> call) {
    for (StepListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        console.println("warning: a step listener failed: " + e);
      }
    }
  }
}
