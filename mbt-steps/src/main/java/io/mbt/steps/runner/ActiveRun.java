package io.mbt.steps.runner;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.steps.api.DerivingStep;
import io.mbt.steps.secrets.SecretResolver;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One run of a manifest as it executes: what the request asked, the artifacts and step records of
 * the run, and what its steps share for its duration (models loaded once, the commit thread, the
 * log, the job labels). Closing it drains the commits, then releases the rest.
 */
final class ActiveRun implements AutoCloseable {
  final SparkSession spark;
  final Manifest manifest;
  final RunRequest request;
  final Path projectDir;
  final ArtifactIO io;
  /** Step records of the run by step: read at the start, then added as steps finish. */
  final Map<String, StepRecord> records;
  final SecretResolver secrets;
  final RunProgress progress;
  final RunLog log;
  final RunCancellation cancellation;
  final LoadedModels models;
  final StepCommits commits;
  final StepJobs jobs;

  /**
   * Takes over {@code log}: closing the run closes it. A run only read back ({@link FinishedRun})
   * has no {@code progress} and no {@code log} (null).
   */
  ActiveRun(SparkSession spark, Manifest manifest, RunRequest request, Path projectDir, ArtifactIO io, Map<String, StepRecord> records,
      SecretResolver secrets, RunProgress progress, RunLog log, RunCancellation cancellation) {
    this.spark = spark;
    this.manifest = manifest;
    this.request = request;
    this.projectDir = projectDir;
    this.io = io;
    this.records = records;
    this.progress = progress;
    this.log = log;
    this.cancellation = cancellation;
    this.secrets = secrets;
    this.commits = new StepCommits(spark, pipeline());
    this.models = new LoadedModels(commits::awaitWritten);
    this.jobs = new StepJobs(spark.sparkContext(), pipeline(), request.runId(), cancellation);
  }

  String pipeline() {
    return manifest.metadata().pipelineName();
  }

  String runId() {
    return request.runId();
  }

  ManifestStep step(String name) {
    return manifest.steps().get(name);
  }

  /** A context in which step {@code name} runs, or derives its outputs, with its secrets resolved. */
  RunnerStepContext context(String name) {
    return new RunnerStepContext(this, name, secrets.resolveMap(step(name).config()), log == null ? quietLog(name) : log.forStep(name));
  }

  /**
   * Rebuilds derived table {@code ref} ({@code <step>.<output>}) by asking its producing step to
   * derive it again from that step's recorded inputs, config and details.
   */
  Dataset<Row> derive(String ref) {
    int dot = ref.indexOf('.');
    String producer = ref.substring(0, dot);
    String output = ref.substring(dot + 1);
    StepRecord record = records.get(producer);
    if (record == null || step(producer) == null) {
      throw new IllegalStateException("derived table " + ref + " of run " + runId() + " cannot be rebuilt: step " + producer
          + " has not completed in this run; run it first (mbt retry)");
    }
    if (!(StepFactory.create(producer, record.plugin()) instanceof DerivingStep deriving)) {
      throw new IllegalStateException("derived table " + ref + " cannot be rebuilt: " + record.plugin() + " no longer derives tables; rerun step "
          + producer + " (mbt retry --force)");
    }
    return deriving.derive(context(producer), output, record.details());
  }

  /** Where a step's events go when the run is only read back ({@link FinishedRun}): the driver's log, not a run log file. */
  private io.mbt.steps.api.StepLog quietLog(String step) {
    org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(FinishedRun.class);
    return new io.mbt.steps.api.StepLog() {
      @Override
      public void info(String event, Map<String, ?> fields) {
        logger.info("{} run {} step {}: {} {}", pipeline(), runId(), step, event, fields);
      }

      @Override
      public void warn(String event, Map<String, ?> fields) {
        logger.warn("{} run {} step {}: {} {}", pipeline(), runId(), step, event, fields);
      }
    };
  }

  /** Drains the commits, then releases the job labels, the log and the models kept for the run, whatever its outcome. */
  @Override
  public void close() {
    try (models; log; jobs; commits) {
      // closed in reverse order of the list
    }
  }
}
