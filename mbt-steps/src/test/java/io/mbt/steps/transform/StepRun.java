package io.mbt.steps.transform;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.compiler.model.Resources;
import io.mbt.steps.api.ArtifactKind;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepLog;
import io.mbt.steps.testing.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A test's {@link StepContext} for one step: inputs are DataFrames given by reference; outputs are
 * really written (Delta tables, Spark ML directories, JSON through the manifest mapper) under a
 * temporary directory and read back from there, and a table view ({@link #putTransformedTable})
 * is rebuilt as the runner rebuilds it, by loading the saved model and applying it to the input,
 * so a test sees what the next step would. Config maps go through the manifest's JSON mapping as
 * in a compiled manifest.
 *
 * <pre>{@code
 * StepRun run = StepRun.of(dir, "encode", Map.of("method", "one_hot", "schema", schema))
 *     .input("split_data.train_set", train).input("split_data.test_set", test)
 *     .outputs("train_set", "test_set", "fitted")
 *     .run(new EncodeStep());
 * run.output("train_set");  run.fitted();  run.recorded().get("encoded_columns");
 * }</pre>
 */
public final class StepRun implements StepContext {
  private final Path directory;
  private final String stepName;
  private final Map<String, Object> config;
  private final Map<String, Object> inputs = new LinkedHashMap<>();
  private final List<String> outputs = new ArrayList<>();
  private final Map<String, String> written = new LinkedHashMap<>();
  private final Map<String, Object> recorded = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();
  /** Table views: output name to its source input and the saved model's location. */
  private final Map<String, String[]> views = new LinkedHashMap<>();
  /** Saved models, loaded once: a test reads several outputs of one model. */
  private final Map<String, PipelineModel> loaded = new LinkedHashMap<>();

  private StepRun(Path directory, String stepName, Map<String, Object> config) {
    this.directory = directory;
    this.stepName = stepName;
    this.config = ManifestJson.toMap(config);
  }

  /** A step named {@code stepName} with {@code config} (records and enums are fine as values). */
  public static StepRun of(Path directory, String stepName, Map<String, Object> config) {
    return new StepRun(directory, stepName, config);
  }

  /** The usual transform step: {@code <previous>.train_set}, {@code <previous>.test_set} in, train_set, test_set, fitted out. */
  public static StepRun transform(Path directory, String stepName, Map<String, Object> config, Dataset<Row> train, Dataset<Row> test) {
    return of(directory, stepName, config).input("previous.train_set", train).input("previous.test_set", test)
        .outputs("train_set", "test_set", "fitted");
  }

  public StepRun input(String ref, Object value) {
    inputs.put(ref, value);
    return this;
  }

  public StepRun outputs(String... names) {
    outputs.addAll(List.of(names));
    return this;
  }

  /** Runs {@code step}; its exceptions propagate. */
  public StepRun run(Step step) {
    try {
      step.run(this);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  /** An output table, read back from its files, or a view rebuilt from the saved model. */
  public Dataset<Row> output(String name) {
    String[] view = views.get(name);
    if (view != null) {
      return load(view[1]).transform(table(view[0]));
    }
    return spark().read().format("delta").load(uri(name));
  }

  /** The {@code fitted} PipelineModel, loaded from its saved directory. */
  public PipelineModel fitted() {
    return load(uri("fitted"));
  }

  private PipelineModel load(String uri) {
    return loaded.computeIfAbsent(uri, PipelineModel::load);
  }

  public String uri(String output) {
    String uri = written.get(output);
    if (uri == null) {
      throw new IllegalStateException("step " + stepName + " did not write '" + output + "'; it wrote " + written.keySet());
    }
    return uri;
  }

  public Map<String, Object> recorded() {
    return recorded;
  }

  public List<String> warnings() {
    return warnings;
  }

  @Override
  public SparkSession spark() {
    return SharedSpark.session();
  }

  @Override
  public String pipelineName() {
    return "test_pipeline";
  }

  @Override
  public String stepName() {
    return stepName;
  }

  @Override
  public String runId() {
    return "run1";
  }

  @Override
  public String target() {
    return "test";
  }

  @Override
  public LocalDate executionDate() {
    return LocalDate.of(2025, 3, 15);
  }

  @Override
  public Path projectDir() {
    return directory;
  }

  @Override
  public Manifest manifest() {
    throw new UnsupportedOperationException("no manifest in a StepRun");
  }

  @Override
  public ManifestStep step() {
    return new ManifestStep("test", config, Resources.none(), List.copyOf(inputs.keySet()), outputs, List.of(), true);
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
    return ManifestJson.mapper().convertValue(config.get(key), type);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Dataset<Row> table(String inputRef) {
    return (Dataset<Row>) input(inputRef);
  }

  @Override
  public PipelineModel pipelineModel(String inputRef) {
    return (PipelineModel) input(inputRef);
  }

  @Override
  public <T> T json(String inputRef, Class<T> type) {
    return ManifestJson.mapper().convertValue(input(inputRef), type);
  }

  @Override
  public String inputUri(String inputRef) {
    return (String) input(inputRef);
  }

  private Object input(String ref) {
    if (!inputs.containsKey(ref)) {
      throw new IllegalArgumentException("step " + stepName + " reads '" + ref + "', which is not among its inputs " + inputs.keySet());
    }
    return inputs.get(ref);
  }

  private String newUri(String name) {
    if (!outputs.contains(name)) {
      throw new IllegalArgumentException("step " + stepName + " writes '" + name + "', which is not among its outputs " + outputs);
    }
    String uri = directory.resolve(stepName).resolve(name).toUri().toString();
    written.put(name, uri);
    return uri;
  }

  @Override
  public OutputRecord putTable(String name, Dataset<Row> data) {
    String uri = newUri(name);
    data.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(uri);
    return new OutputRecord(ArtifactKind.TABLE, uri, "test", Optional.of(0L), Optional.empty());
  }

  @Override
  public OutputRecord putTransformedTable(String name, String sourceRef, String modelOutput) {
    input(sourceRef);
    String model = uri(modelOutput);
    String uri = newUri(name);
    views.put(name, new String[] {sourceRef, model});
    return new OutputRecord(ArtifactKind.TABLE_VIEW, uri, "test", Optional.empty(), Optional.empty());
  }

  @Override
  public OutputRecord putPipelineModel(String name, PipelineModel model) {
    return putModel(name, uri -> {
      try {
        model.write().overwrite().save(uri);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public OutputRecord putModel(String name, Consumer<String> writer) {
    String uri = newUri(name);
    writer.accept(uri);
    return new OutputRecord(ArtifactKind.MODEL, uri, "test", Optional.empty(), Optional.empty());
  }

  @Override
  public OutputRecord putJson(String name, Object value) {
    String uri = newUri(name);
    try {
      Path file = Path.of(java.net.URI.create(uri));
      java.nio.file.Files.createDirectories(file.getParent());
      ManifestJson.mapper().writeValue(file.toFile(), value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new OutputRecord(ArtifactKind.JSON, uri, "test", Optional.empty(), Optional.empty());
  }

  @Override
  public OutputRecord putFiles(String name, Map<String, byte[]> files) {
    throw new UnsupportedOperationException("putFiles");
  }

  @Override
  public void record(String key, Object value) {
    recorded.put(key, value);
  }

  @Override
  public StepLog log() {
    return new StepLog() {
      @Override
      public void info(String event, Map<String, ?> fields) {}

      @Override
      public void warn(String event, Map<String, ?> fields) {
        warnings.add(event + " " + fields);
      }
    };
  }
}
