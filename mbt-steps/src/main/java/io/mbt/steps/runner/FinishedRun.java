package io.mbt.steps.runner;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.steps.api.DerivingStep;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.StepInputs;
import io.mbt.steps.api.StepLog;
import io.mbt.steps.secrets.SecretResolver;
import io.mbt.steps.storage.ArtifactStore;
import io.mbt.steps.storage.ArtifactStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outputs of a run's completed steps, read by code outside the run as a later step of the run
 * would read them: through the step records in the artifact store, table views and derived tables
 * rebuilt the runner's way (same recipes, same pinned versions, the run's execution date). The
 * Model Factory uses it to gather the run it trained for publishing, without a {@code log_run}
 * step.
 *
 * <p>Read-only: it writes nothing, and a step that has no record in the store (it did not
 * complete) has no readable outputs. Holds the models and cached views it loaded until closed.
 */
public final class FinishedRun implements StepInputs, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FinishedRun.class);

  private final SparkSession spark;
  private final Path projectDir;
  private final Manifest manifest;
  private final String runId;
  private final LocalDate executionDate;
  private final Map<String, StepRecord> records;
  private final ActiveRun run;

  private FinishedRun(SparkSession spark, Path projectDir, Manifest manifest, String runId, LocalDate executionDate, ArtifactStore store) {
    this.spark = spark;
    this.projectDir = projectDir;
    this.manifest = manifest;
    this.runId = runId;
    this.executionDate = executionDate;
    this.records = Collections.unmodifiableMap(records(manifest, store, runId));
    // Read back through the runner's own run object (derived tables, models loaded once); nothing is written behind.
    this.run = new ActiveRun(spark, manifest, RunRequest.retry(runId, executionDate, false), projectDir, new ArtifactIO(spark, store),
        new LinkedHashMap<>(records), SecretResolver.forProvider(manifest.profile().secrets().type(), manifest.profile().secrets().config()),
        null, null, new RunCancellation());
  }

  /**
   * Run {@code runId} of {@code manifest}'s pipeline, in the artifact store of the manifest's
   * target (resolved against {@code projectDir} as the runner resolves it).
   *
   * @param executionDate the run's execution date: derived tables that depend on it (data windows)
   *     are rebuilt with it
   * @throws IllegalStateException if the run has no completed step at all; the message names the
   *     store that was searched
   */
  public static FinishedRun open(SparkSession spark, Path projectDir, Manifest manifest, String runId, LocalDate executionDate) {
    requireNonNull(spark, "spark is null");
    requireNonNull(projectDir, "projectDir is null");
    requireNonNull(manifest, "manifest is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(executionDate, "executionDate is null");
    return open(spark, projectDir, manifest, runId, executionDate,
        StorageRoots.forPipeline(manifest.profile().storage(), projectDir, manifest.metadata().pipelineName()));
  }

  /** Run {@code runId} whose artifacts are under {@code artifactRoot} (a run placed by its caller, e.g. a Model Factory attempt). */
  public static FinishedRun open(SparkSession spark, Path projectDir, Manifest manifest, String runId, LocalDate executionDate,
      String artifactRoot) {
    String root = artifactRoot;
    FinishedRun run = new FinishedRun(spark, projectDir, manifest, runId, executionDate, ArtifactStores.hadoop(spark, root, Map.of()));
    if (run.records.isEmpty()) {
      run.close();
      throw new IllegalStateException("run " + runId + " of pipeline " + manifest.metadata().pipelineName() + " has no completed step in "
          + root + "; check the run id and the target's storage, or run the pipeline first");
    }
    return run;
  }

  public String runId() {
    return runId;
  }

  public Manifest manifest() {
    return manifest;
  }

  public LocalDate executionDate() {
    return executionDate;
  }

  public SparkSession spark() {
    return spark;
  }

  /** The steps of the manifest that completed in this run (they have a step record). */
  public Set<String> completedSteps() {
    return records.keySet();
  }

  /** Whether a completed step of the run recorded output {@code ref} ({@code step.artifact}). */
  public boolean has(String ref) {
    int dot = ref.indexOf('.');
    StepRecord record = dot <= 0 ? null : records.get(ref.substring(0, dot));
    return record != null && record.outputs().containsKey(ref.substring(dot + 1));
  }

  @Override
  public Dataset<Row> table(String ref) {
    return TableViews.read(spark, output(ref), "finished-run", run.models, run::derive);
  }

  @Override
  public PipelineModel pipelineModel(String ref) {
    return run.models.load(output(ref).uri());
  }

  @Override
  public <T> T json(String ref, Class<T> type) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(output(ref).uri());
    try (InputStream in = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
      return ManifestJson.mapper().readValue(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ref + " of run " + runId + " at " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String inputUri(String ref) {
    return output(ref).uri();
  }

  private OutputRecord output(String ref) {
    int dot = ref.indexOf('.');
    if (dot <= 0 || dot == ref.length() - 1) {
      throw new IllegalArgumentException("a run output is named step.artifact, but was: '" + ref + "'");
    }
    String step = ref.substring(0, dot);
    String artifact = ref.substring(dot + 1);
    StepRecord record = records.get(step);
    if (record == null) {
      throw new IllegalStateException("step " + step + " did not complete in run " + runId + " of " + manifest.metadata().pipelineName()
          + " (completed: " + records.keySet() + "), so " + ref + " cannot be read; resume the run (mbt retry) first");
    }
    OutputRecord output = record.outputs().get(artifact);
    if (output == null) {
      throw new IllegalStateException("step " + step + " of run " + runId + " wrote no output '" + artifact + "'; its outputs: "
          + new java.util.TreeSet<>(record.outputs().keySet()));
    }
    return output;
  }

  /** The records of the run's completed steps; an unreadable record is a step that did not finish cleanly. */
  private static Map<String, StepRecord> records(Manifest manifest, ArtifactStore store, String runId) {
    Map<String, StepRecord> records = new LinkedHashMap<>();
    for (String name : manifest.steps().keySet()) {
      if (store.exists(runId, name, StepRecord.FILE)) {
        try {
          records.put(name, ManifestJson.mapper().readValue(store.get(runId, name, StepRecord.FILE), StepRecord.class));
        } catch (IOException e) {
          LOG.warn("step record of {} in run {} is unreadable ({}); treating the step as not completed", name, runId, e.getMessage());
        }
      }
    }
    return records;
  }

  /** Releases the views cached while reading; the run's files are untouched. */
  @Override
  public void close() {
    run.close();
  }
}
