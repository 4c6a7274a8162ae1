package io.mbt.mf.pipeline;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.mf.admission.MfContext;
import io.mbt.mf.admission.ReasonCode;
import io.mbt.mf.admission.RecipeSource;
import io.mbt.mf.dataset.DatasetManifest;
import io.mbt.mf.engine.ArtifactLocator;
import io.mbt.mf.engine.EvalOutput;
import io.mbt.mf.engine.StageCall;
import io.mbt.mf.engine.StageFailedException;
import io.mbt.mf.engine.TrainEvalEngine;
import io.mbt.mf.engine.TrainOutput;
import io.mbt.steps.api.ArtifactKind;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.SourcePins;
import io.mbt.steps.api.StepCommitted;
import io.mbt.steps.api.StepListener;
import io.mbt.steps.registry.TrainingSchema;
import io.mbt.steps.runner.FinishedRun;
import io.mbt.steps.runner.PipelineRunner;
import io.mbt.steps.runner.RunCancellation;
import io.mbt.steps.runner.RunOptions;
import io.mbt.steps.runner.RunRequest;
import io.mbt.steps.runner.RunResults;
import io.mbt.steps.training.RunGatherer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.types.StructField;

/**
 * MF-E on the MBT runner: a TRAIN attempt is a run of the compiled training pipeline's steps up to
 * and including {@code train_model} (never {@code log_run}: MF publishes through its own stage),
 * with every source read at the Delta version the dataset manifests pin and the request's as-of
 * date as execution date; EVAL is the {@code evaluate} step of that same run. The run id is the
 * train_run_id and the attempt ({@code <train_run_id>_a<k>}), the artifacts go under the attempt's
 * root, and what the steps committed (models, fitted transforms, metrics documents, the run's
 * results) comes back as locators with digests.
 */
public final class PipelineEngine implements TrainEvalEngine {
  static final String EVALUATE = "evaluate";
  static final String LOG_RUN = "log_run";
  /** Outputs with bytes worth binding: tables and views are pinned by their Delta versions instead. */
  private static final Set<ArtifactKind> LOCATED = EnumSet.of(ArtifactKind.MODEL, ArtifactKind.JSON, ArtifactKind.FILES);
  /** TrainOutput metadata key: where the attempt's runner artifacts are (publishing gathers the run from there). */
  public static final String ARTIFACT_ROOT = "engine_artifact_root";

  private final ProjectRuns project;

  public PipelineEngine(ProjectRuns project) {
    this.project = requireNonNull(project, "project is null");
  }

  /** The runner's id of TRAIN attempt {@code attempt} of a run: unique across runs, so registries never merge two. */
  public static String engineRunId(String trainRunId, int attempt) {
    return trainRunId + "_a" + attempt;
  }

  @Override
  public TrainOutput train(StageCall call) {
    Manifest manifest = manifest(call.context());
    String runId = engineRunId(call.context().trainRunId(), call.attempt());
    List<String> steps = trainSteps(manifest);
    Commits commits = new Commits();
    Path results = run(call, manifest, RunRequest.steps(runId, executionDate(call.context()), steps, false), call.attemptRoot(), commits);
    List<ArtifactLocator> artifacts = new ArrayList<>();
    for (String step : steps) {
      StepCommitted committed = commits.of(step).orElseThrow(() -> new StageFailedException(ReasonCode.RUNTIME_CRASH, "step " + step
          + " of run " + runId + " reported no committed outputs (it was reused from an earlier attempt of the same run?); retry the stage"));
      committed.outputs().forEach((output, record) -> locate(step + "." + output, record).ifPresent(artifacts::add));
    }
    artifacts.add(project.files().writeOnce("run_results", call.attemptRoot() + "/run_results.train.json", resultsBytes(results, runId)));
    Map<String, Object> metadata = new LinkedHashMap<>(compatibility(manifest, runId, call));
    metadata.put(ARTIFACT_ROOT, call.attemptRoot());
    metadata.put("engine", "mbt-runner");
    metadata.put("steps", steps);
    return new TrainOutput(runId, artifacts, metadata);
  }

  @Override
  public EvalOutput evaluate(StageCall call, TrainOutput trained) {
    Manifest manifest = manifest(call.context());
    if (!manifest.steps().containsKey(EVALUATE)) {
      throw new StageFailedException(ReasonCode.RECIPE_INVALID, "pipeline " + manifest.metadata().pipelineName()
          + " has no evaluate step, so nothing can be gated; add an evaluation section");
    }
    String root = String.valueOf(trained.metadata().getOrDefault(ARTIFACT_ROOT, call.attemptRoot()));
    Commits commits = new Commits();
    // force: an evaluation a killed EVAL attempt left behind is not evidence (no receipt bound it); evaluate again.
    run(call, manifest, RunRequest.steps(trained.engineRunId(), executionDate(call.context()), List.of(EVALUATE), true), root, commits);
    StepCommitted evaluated = commits.of(EVALUATE).orElseThrow(() -> new StageFailedException(ReasonCode.RUNTIME_CRASH,
        "the evaluate step of run " + trained.engineRunId() + " reported no committed outputs; retry the stage"));
    OutputRecord report = evaluated.outputs().get("eval_metrics");
    if (report == null) {
      throw new StageFailedException(ReasonCode.EVIDENCE_INCOMPLETE, "the evaluate step of run " + trained.engineRunId()
          + " wrote no eval_metrics document");
    }
    return new EvalOutput(project.files().locate("evaluate.eval_metrics", report.uri()), metrics(evaluated.details()));
  }

  /** The steps of a TRAIN attempt: all but the evaluation, what depends on it, and log_run. */
  static List<String> trainSteps(Manifest manifest) {
    Set<String> excluded = new LinkedHashSet<>(List.of(EVALUATE, LOG_RUN));
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Map.Entry<String, List<String>> e : manifest.dag().parentMap().entrySet()) {
        if (!excluded.contains(e.getKey()) && e.getValue().stream().anyMatch(excluded::contains)) {
          grew = excluded.add(e.getKey());
        }
      }
    }
    return manifest.steps().keySet().stream().filter(s -> !excluded.contains(s)).toList();
  }

  /** The recipe compiled again for this stage, refused if it is no longer the one the run is pinned to. */
  private Manifest manifest(MfContext context) {
    try {
      CompiledRecipes.Compiled compiled = project.recipes().compile(context.pipeline(), Optional.of(context.environment()));
      if (!compiled.recipe().digest().equals(context.recipeDigest())) {
        throw new StageFailedException(ReasonCode.RECIPE_DIGEST_MISMATCH, "pipeline " + context.pipeline() + " changed since run "
            + context.trainRunId() + " was admitted (recipe digest " + compiled.recipe().digest() + ", pinned " + context.recipeDigest()
            + "); restore it, or submit a new request for the new recipe ('mbt mf request')");
      }
      return compiled.manifest();
    } catch (RecipeSource.RecipeException e) {
      throw new StageFailedException(ReasonCode.RECIPE_INVALID, e.getMessage(), e);
    }
  }

  /** Runs {@code request}; returns its run_results.json. */
  private Path run(StageCall call, Manifest manifest, RunRequest request, String artifactRoot, Commits commits) {
    RunCancellation cancellation = new RunCancellation();
    call.cancellation().onCancel(() -> cancellation.cancel(Optional.ofNullable(call.cancellation().reason()).orElse("cancelled")));
    Path results = project.resultsDir().resolve(request.runId()).resolve(call.stage().toLowerCase() + "-" + RunResults.FILE);
    RunOptions options = RunOptions.defaults().withArtifactRoot(artifactRoot).withResultsFile(results).withCancellation(cancellation);
    PipelineRunner runner = new PipelineRunner(project.spark(), project.projectDir(), results.getParent(), project.console(), project.clock())
        .withListener(commits);
    try {
      runner.run(manifest, request.withSourcePins(pins(call.context())), options);
      return results;
    } catch (RuntimeException | OutOfMemoryError e) {
      throw EngineFailures.classify(call.stage(), request.runId(), e);
    } finally {
      call.cancellation().onCancel(() -> {});
    }
  }

  /** Every table of every manifest at its pinned version; a table pinned twice at different versions is refused. */
  static SourcePins pins(MfContext context) {
    Map<String, SourcePins.Pin> pins = new LinkedHashMap<>();
    for (MfContext.ResolvedManifest dataset : context.datasets()) {
      for (DatasetManifest.PinnedTable table : dataset.manifest().tables()) {
        SourcePins.Pin pin = new SourcePins.Pin(table.version(), table.deltaTableId());
        SourcePins.Pin earlier = pins.putIfAbsent(table.name(), pin);
        if (earlier != null && !earlier.equals(pin)) {
          throw new StageFailedException(ReasonCode.FEATURE_PINS_INCONSISTENT_ACROSS_SET, "table " + table.name() + " is pinned at "
              + earlier + " and at " + pin + " by the run's dataset manifests; pin each table once");
        }
      }
    }
    return SourcePins.of(pins);
  }

  /** The as-of boundary: what the pipeline's date-dependent parts (data windows) see as "today". */
  static LocalDate executionDate(MfContext context) {
    return context.datasets().stream().map(d -> d.manifest().asOf()).flatMap(Optional::stream).findFirst().map(LocalDate::parse)
        .orElseThrow(() -> new StageFailedException(ReasonCode.MISSING_AS_OF_BOUNDARY, "the run's dataset manifests declare no as_of"));
  }

  private Optional<ArtifactLocator> locate(String kind, OutputRecord record) {
    if (!LOCATED.contains(record.kind())) {
      return Optional.empty();
    }
    try {
      return Optional.of(project.files().locate(kind, record.uri()));
    } catch (UncheckedIOException e) {
      throw new StageFailedException(ReasonCode.TRANSIENT_IO, "cannot read back " + kind + " at " + record.uri() + ": " + e.getMessage(), e);
    }
  }

  /** What the candidate's compatibility descriptor needs: the raw training schema with roles, the feature columns, the label. */
  private Map<String, Object> compatibility(Manifest manifest, String runId, StageCall call) {
    try (FinishedRun run = FinishedRun.open(project.spark(), project.projectDir(), manifest, runId, executionDate(call.context()),
        call.attemptRoot())) {
      RunGatherer.TrainedShape shape = RunGatherer.trainedShape(project.spark(), manifest, run);
      List<Map<String, Object>> schema = new ArrayList<>();
      for (StructField field : shape.trainingSchema().fields()) {
        Map<String, Object> column = new LinkedHashMap<>();
        column.put("name", field.name());
        column.put("type", field.dataType().simpleString());
        column.put("nullable", field.nullable());
        column.put("role", TrainingSchema.role(field).metadataValue());
        schema.add(column);
      }
      Map<String, Object> label = new LinkedHashMap<>();
      label.put("column", shape.label().labelColumn());
      label.put("problem_type", String.valueOf(shape.label().problemType()).toLowerCase());
      label.put("classes", shape.label().classes());
      if (shape.label().positiveClass() != null) {
        label.put("positive_class", shape.label().positiveClass());
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("feature_columns", TrainingSchema.columns(shape.trainingSchema(), TrainingSchema.Role.INPUT));
      out.put("training_schema", schema);
      out.put("label", label);
      return out;
    } catch (RuntimeException e) {
      throw EngineFailures.classify(call.stage(), runId, e);
    }
  }

  private static Map<String, Double> metrics(Map<String, Object> details) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (details.get("metrics") instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
          metrics.put(String.valueOf(k), n.doubleValue()); // undefined metrics stay absent: the gate treats a required one as HARD
        }
      });
    }
    return metrics;
  }

  private static byte[] resultsBytes(Path results, String runId) {
    try {
      return Files.readAllBytes(results);
    } catch (IOException e) {
      throw new StageFailedException(ReasonCode.RUNTIME_CRASH, "cannot serialise the results of run " + runId + ": " + e.getMessage(), e);
    }
  }

  /** What the runner committed, per step. */
  private static final class Commits implements StepListener {
    private final Map<String, StepCommitted> committed = new ConcurrentHashMap<>();

    @Override
    public void onStepCommitted(StepCommitted event) {
      committed.put(event.step(), event);
    }

    Optional<StepCommitted> of(String step) {
      return Optional.ofNullable(committed.get(step));
    }
  }
}
