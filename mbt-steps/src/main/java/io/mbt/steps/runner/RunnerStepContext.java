package io.mbt.steps.runner;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.steps.api.ArtifactKind;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
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
  private final SparkSession spark;
  private final Manifest manifest;
  private final String stepName;
  private final ManifestStep step;
  private final String runId;
  private final LocalDate executionDate;
  private final Path projectDir;
  private final Map<String, Object> config;
  private final ArtifactIO io;
  private final Map<String, StepRecord> producers;
  private final StepLog log;
  private final LoadedModels models;
  private final Derivations derivations;
  final Map<String, OutputRecord> outputs = new LinkedHashMap<>();
  final Map<String, Object> details = new LinkedHashMap<>();

  RunnerStepContext(SparkSession spark, Manifest manifest, String stepName, String runId, LocalDate executionDate, Path projectDir,
      Map<String, Object> resolvedConfig, ArtifactIO io, Map<String, StepRecord> producers, StepLog log, LoadedModels models,
      Derivations derivations) {
    this.spark = spark;
    this.manifest = manifest;
    this.stepName = stepName;
    this.step = manifest.step(stepName);
    this.runId = runId;
    this.executionDate = executionDate;
    this.projectDir = projectDir;
    this.config = resolvedConfig;
    this.io = io;
    this.producers = producers;
    this.log = log;
    this.models = models;
    this.derivations = derivations;
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
    return executionDate;
  }

  @Override
  public Path projectDir() {
    return projectDir;
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
  public PipelineModel pipelineModel(String inputRef) {
    return models.load(inputUri(inputRef));
  }

  @Override
  public <T> T loadOnce(String inputRef, Class<T> type, java.util.function.Function<String, T> loader) {
    return models.load(inputUri(inputRef), type, loader);
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
    return resolveOutput(inputRef).uri();
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
    StringBuilder content = new StringBuilder(stepName).append('.').append(name).append('|').append(PipelineRunner.configDigest(step));
    step.inputs().forEach(ref -> content.append('|').append(ref).append('=').append(resolveOutput(ref).digest()));
    content.append('|').append(ManifestJson.write(details));
    String digest = "derived:" + ArtifactIO.sha256(content.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16);
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

  @Override
  public OutputRecord putPipelineModel(String name, PipelineModel model) {
    return putModel(name, model, PipelineModel.class, uri -> {
      try {
        model.write().overwrite().save(uri);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
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
    OutputRecord written = io.writeDirectory(runId, stepName, name, ArtifactKind.MODEL, writer);
    models.forget(written.uri());
    return remember(name, written);
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
