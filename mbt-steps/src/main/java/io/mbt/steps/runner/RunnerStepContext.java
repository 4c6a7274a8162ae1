package io.mbt.steps.runner;

import io.mbt.compiler.MbtVersion;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.steps.api.ArtifactKind;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.SourcePins;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.mbt.steps.api.TableRecipe;
import java.util.function.Consumer;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The runner's {@link StepContext}: resolves input references through the producers' step records. */
final class RunnerStepContext implements StepContext {
  private final ActiveRun run;
  private final SparkSession spark;
  private final Manifest manifest;
  private final String stepName;
  private final ManifestStep step;
  private final String runId;
  private final Map<String, Object> config;
  private final ArtifactIO io;
  private final Map<String, StepRecord> producers;
  private final StepLog log;
  private final LoadedModels models;
  private final Derivations derivations;
  private final StepCommits commits;
  final Map<String, OutputRecord> outputs = new LinkedHashMap<>();
  final Map<String, Object> details = new LinkedHashMap<>();
  /** Model files this step wrote in memory only: the runner writes them behind the next step, before committing this one. */
  final List<StepCommits.PendingWrite> writesBehind = new ArrayList<>();

  /** Step {@code stepName} of {@code run}, with its config's secrets resolved. */
  RunnerStepContext(ActiveRun run, String stepName, Map<String, Object> resolvedConfig, StepLog log) {
    this.run = run;
    this.spark = run.spark;
    this.manifest = run.manifest;
    this.stepName = stepName;
    this.step = manifest.step(stepName);
    this.runId = run.runId();
    this.config = resolvedConfig;
    this.io = run.io;
    this.producers = run.records;
    this.log = log;
    this.models = run.models;
    this.derivations = run::derive;
    this.commits = run.commits;
  }

  @Override
  public SparkSession spark() {
    return spark;
  }

  @Override
  public String pipelineName() {
    return manifest.metadata().pipelineName();
  }

  @Override
  public String stepName() {
    return stepName;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public String target() {
    return manifest.metadata().target();
  }

  @Override
  public LocalDate executionDate() {
    return run.request.executionDate();
  }

  @Override
  public Optional<SourcePins> sourcePins() {
    return run.request.sourcePins();
  }

  @Override
  public Path projectDir() {
    return run.projectDir;
  }

  @Override
  public Manifest manifest() {
    return manifest;
  }

  @Override
  public ManifestStep step() {
    return step;
  }

  @Override
  public Map<String, Object> config() {
    return config;
  }

  @Override
  public <T> T config(Class<T> type) {
    return ManifestJson.fromMap(config, type);
  }

  @Override
  public <T> T config(String key, Class<T> type) {
    Object value = config.get(key);
    if (value == null) {
      throw new IllegalStateException("step " + stepName + " has no config key '" + key + "' (recompile the pipeline with this mbt version)");
    }
    return ManifestJson.mapper().convertValue(value, type);
  }

  @Override
  public Dataset<Row> table(String inputRef) {
    return TableViews.read(spark, resolveOutput(inputRef), stepName, models, derivations);
  }

  @Override
  public Dataset<Row> tableKept(String inputRef) {
    Dataset<Row> data = table(inputRef);
    models.keep(resolveOutput(inputRef));
    return data;
  }

  @Override
  public PipelineModel pipelineModel(String inputRef) {
    return models.load(resolveOutput(inputRef).uri()); // waits for a pending write only when it must load
  }

  @Override
  public <T> T loadOnce(String inputRef, Class<T> type, java.util.function.Function<String, T> loader) {
    return models.load(resolveOutput(inputRef).uri(), type, loader);
  }

  @Override
  public <T> T json(String inputRef, Class<T> type) {
    String uri = inputUri(inputRef);
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
    try (java.io.InputStream in = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
      return ManifestJson.mapper().readValue(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String inputUri(String inputRef) {
    String uri = resolveOutput(inputRef).uri();
    commits.awaitWritten(uri); // the caller reads the files itself
    return uri;
  }

  private OutputRecord resolveOutput(String inputRef) {
    if (!step.inputs().contains(inputRef)) {
      throw new IllegalArgumentException("step " + stepName + " reads '" + inputRef + "', which is not among its declared inputs " + step.inputs());
    }
    int dot = inputRef.indexOf('.');
    String producer = inputRef.substring(0, dot);
    String artifact = inputRef.substring(dot + 1);
    StepRecord record = producers.get(producer);
    if (record == null || !record.outputs().containsKey(artifact)) {
      throw new IllegalStateException("input " + inputRef + " of step " + stepName + " does not exist in run " + runId
          + "; run step '" + producer + "' first (mbt exec ... --step " + producer + ", or mbt retry)");
    }
    return record.outputs().get(artifact);
  }

  @Override
  public OutputRecord putTransformedTable(String name, String sourceRef, String modelOutput) {
    checkOutput(name);
    OutputRecord model = outputs.get(modelOutput);
    if (model == null) {
      throw new IllegalStateException("step " + stepName + " must write '" + modelOutput + "' before declaring " + name + " from it");
    }
    return view(name, sourceRef, Optional.of(model), Optional.empty());
  }

  @Override
  public OutputRecord putFilteredTable(String name, String sourceRef, String sqlCondition) {
    checkOutput(name);
    return view(name, sourceRef, Optional.empty(), Optional.of(sqlCondition));
  }

  @Override
  public OutputRecord putAlias(String name, String sourceRef) {
    checkOutput(name);
    return view(name, sourceRef, Optional.empty(), Optional.empty());
  }

  private OutputRecord view(String name, String sourceRef, Optional<OutputRecord> model, Optional<String> filter) {
    OutputRecord source = resolveOutput(sourceRef);
    TableRecipe recipe = new TableRecipe(sourceRef, source.uri(), model.map(OutputRecord::uri), filter);
    String digest = "view:" + ArtifactIO.sha256((source.digest() + "|" + model.map(OutputRecord::digest).orElse("") + "|" + filter.orElse(""))
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16);
    return remember(name, TableViews.record(io.store().uri(runId, stepName, name), digest, recipe, source));
  }

  @Override
  public OutputRecord putDerivedTable(String name, Dataset<Row> data) {
    checkOutput(name);
    String content = identity(name) + "|" + ManifestJson.write(details);
    String digest = "derived:" + ArtifactIO.sha256(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16);
    TableRecipe recipe = new TableRecipe(stepName + "." + name, TableViews.DERIVED, Optional.empty(), Optional.empty());
    return remember(name, new OutputRecord(ArtifactKind.DERIVED_TABLE, io.store().uri(runId, stepName, name), digest, Optional.empty(),
        Optional.of(recipe)));
  }

  private void checkOutput(String name) {
    if (!step.outputs().contains(name)) {
      throw new IllegalArgumentException("step " + stepName + " writes '" + name + "', which is not among its declared outputs " + step.outputs());
    }
  }

  @Override
  public OutputRecord putTable(String name, Dataset<Row> data) {
    checkOutput(name);
    return remember(name, io.writeTable(runId, stepName, name, data));
  }

  /**
   * The fitted transforms are kept in memory for the rest of the run and their files written behind
   * this step (see {@link StepCommits}): the step's record is committed once they are in place.
   */
  @Override
  public OutputRecord putPipelineModel(String name, PipelineModel model) {
    checkOutput(name);
    String uri = io.store().uri(runId, stepName, name);
    models.forget(uri);
    models.prime(uri, PipelineModel.class, model);
    writesBehind.add(new StepCommits.PendingWrite(uri, () -> io.writeDirectory(runId, stepName, name, path -> {
      try {
        model.write().overwrite().save(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    })));
    return remember(name, modelRecord(name, uri));
  }

  @Override
  public <T> OutputRecord putModel(String name, T model, Class<T> type, Consumer<String> writer) {
    OutputRecord written = putModel(name, writer);
    models.prime(written.uri(), type, model);
    return written;
  }

  @Override
  public OutputRecord putModel(String name, Consumer<String> writer) {
    checkOutput(name);
    String uri = io.writeDirectory(runId, stepName, name, writer);
    models.forget(uri);
    return remember(name, modelRecord(name, uri));
  }

  /**
   * A model's digest names the fit that produced it (this step and output, its config, its inputs'
   * digests, the code version), not the files: they are not written yet when later steps record
   * their views of it, and Spark ML's part files carry random names anyway.
   */
  private OutputRecord modelRecord(String name, String uri) {
    String digest = "fit:" + ArtifactIO.sha256((identity(name) + "|" + MbtVersion.current()).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .substring(0, 16);
    return new OutputRecord(ArtifactKind.MODEL, uri, digest, Optional.empty());
  }

  /** This step's output {@code name}, its config and its inputs' digests. */
  private String identity(String name) {
    StringBuilder content = new StringBuilder(stepName).append('.').append(name).append('|').append(PipelineRunner.configDigest(step));
    step.inputs().forEach(ref -> content.append('|').append(ref).append('=').append(resolveOutput(ref).digest()));
    return content.toString();
  }

  @Override
  public OutputRecord putJson(String name, Object value) {
    checkOutput(name);
    return remember(name, io.writeJson(runId, stepName, name, value));
  }

  @Override
  public OutputRecord putFiles(String name, Map<String, byte[]> files) {
    checkOutput(name);
    return remember(name, io.writeFiles(runId, stepName, name, files));
  }

  @Override
  public void record(String key, Object value) {
    details.put(key, value);
  }

  @Override
  public StepLog log() {
    return log;
  }

  private OutputRecord remember(String name, OutputRecord record) {
    outputs.put(name, record);
    return record;
  }
}
