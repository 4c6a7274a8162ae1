package io.mbt.steps.training;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.Resources;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.steps.api.ArtifactKind;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepLog;
import io.mbt.steps.features.FeatureLayout;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.framework.FrameworkTrainers;
import io.mbt.steps.framework.TrainedModel;
import io.mbt.steps.framework.TrainingContext;
import io.mbt.steps.model.ModelBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Shared fixtures of the evaluate / log_run / registry tests: a toy churn data set, a hand-built
 * {@link ModelBundle} around a logistic regression, and an in-memory {@link StepContext} that
 * stores artifacts as the runner does (Delta tables, Spark ML directories, JSON, files).
 */
public final class EvaluateStepFixture {
  public static final LabelInfo LABEL = new LabelInfo("churn", ProblemType.BINARY_CLASSIFICATION, List.of("No", "Yes"), "Yes");
  public static final SchemaSpec SCHEMA = new SchemaSpec(new SchemaSpec.Target("churn", List.of("No", "Yes"), Optional.of("Yes")),
      new SchemaSpec.Identifiers(List.of("id"), Optional.empty()), List.of("note"), List.of(), List.of(), Map.of());

  private EvaluateStepFixture() {}

  /**
   * {@code n} rows: {@code id}, numeric {@code x1, x2}, categorical {@code plan}, an ignored
   * {@code note}, the label {@code churn} (Yes/No, driven by x1 - x2 and plan) and {@code __label}.
   */
  public static Dataset<Row> churn(SparkSession spark, int n, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    String[] plans = {"basic", "plus", "pro"};
    for (int i = 0; i < n; i++) {
      double x1 = random.nextGaussian();
      double x2 = random.nextGaussian();
      String plan = plans[random.nextInt(plans.length)];
      double logit = 1.5 * x1 - x2 + (plan.equals("pro") ? -1 : 0.5) + 0.8 * random.nextGaussian();
      boolean churn = logit > 0;
      rows.add(RowFactory.create("c" + i, x1, x2, plan, "n" + i, churn ? "Yes" : "No", churn ? 1.0 : 0.0));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.StringType)
        .add("x1", DataTypes.DoubleType)
        .add("x2", DataTypes.DoubleType)
        .add("plan", DataTypes.StringType)
        .add("note", DataTypes.StringType)
        .add("churn", DataTypes.StringType)
        .add(LabelInfo.INDEX_COLUMN, DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }

  /** A logistic regression on {@code inputs}, assembled into {@link FeatureLayout#FEATURES} by the bundle's own assembler. */
  public static ModelBundle trainBundle(Dataset<Row> train, List<String> inputs) {
    VectorAssembler assembler = new VectorAssembler().setInputCols(inputs.toArray(String[]::new)).setOutputCol(FeatureLayout.FEATURES);
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {assembler}).fit(train);
    TrainedModel model = FrameworkTrainers.get("mllib_logistic_regression")
        .train(fitted.transform(train), TrainingContext.binary(LabelInfo.INDEX_COLUMN, FeatureLayout.FEATURES, Map.of(), 42L));
    return new ModelBundle(new ModelBundle.Descriptor("mllib_logistic_regression", inputs, inputs, LABEL, true), Optional.of(fitted), model);
  }

  /**
   * A trained pipeline's artifacts: the raw train set, two fitted transform steps (encode: plan to
   * {@code plan__idx}; normalize: x1, x2 scaled into {@code __numeric_scaled}), their combination,
   * and a model bundle trained on the transformed data, all saved under a directory.
   */
  public record Training(Dataset<Row> raw, PipelineModel encode, PipelineModel normalize, PipelineModel combined, ModelBundle bundle,
      Map<String, String> uris) {}

  public static Training training(SparkSession spark, Path dir) {
    Dataset<Row> raw = churn(spark, 400, 7);
    PipelineModel encode = new Pipeline().setStages(new PipelineStage[] {
        new org.apache.spark.ml.feature.StringIndexer().setInputCol("plan").setOutputCol("plan" + FeatureLayout.INDEX_SUFFIX)}).fit(raw);
    Dataset<Row> encoded = encode.transform(raw);
    PipelineModel normalize = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x1", "x2"}).setOutputCol(FeatureLayout.NUMERIC),
        new org.apache.spark.ml.feature.StandardScaler().setInputCol(FeatureLayout.NUMERIC).setOutputCol(FeatureLayout.NUMERIC_SCALED)})
        .fit(encoded);
    List<PipelineStage> stages = new ArrayList<>(List.of(encode.stages()));
    stages.addAll(List.of(normalize.stages()));
    PipelineModel combined = new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(raw);
    ModelBundle bundle = trainBundle(combined.transform(raw), List.of(FeatureLayout.NUMERIC_SCALED, "plan" + FeatureLayout.INDEX_SUFFIX));
    Map<String, String> uris = new LinkedHashMap<>();
    uris.put("train_model.model", saveBundle(spark, bundle, dir.resolve("model")));
    uris.put("split_data.train_set", saveTable(raw, dir.resolve("train_set")));
    uris.put("split_data.label_info", saveJson(LABEL, dir.resolve("label_info.json")));
    uris.put("encode.fitted", savePipeline(encode, dir.resolve("encode_fitted")));
    uris.put("normalize.fitted", savePipeline(normalize, dir.resolve("normalize_fitted")));
    return new Training(raw, encode, normalize, combined, bundle, uris);
  }

  public static String savePipeline(PipelineModel model, Path dir) {
    try {
      model.write().overwrite().save(dir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.toUri().toString();
  }

  public static String saveBundle(SparkSession spark, ModelBundle bundle, Path dir) {
    String uri = dir.toUri().toString();
    bundle.save(uri, spark.sparkContext().hadoopConfiguration());
    return uri;
  }

  public static String saveTable(Dataset<Row> data, Path dir) {
    data.write().format("delta").mode(SaveMode.Overwrite).save(dir.toString());
    return dir.toUri().toString();
  }

  public static String saveJson(Object value, Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, ManifestJson.mapper().writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toUri().toString();
  }

  /** The evaluate step's config as the compiler writes it. */
  public static Map<String, Object> evaluateConfig(String primary, List<String> additional, boolean plots, List<String> custom, double threshold) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("primary_metric", primary);
    config.put("additional_metrics", additional);
    config.put("generate_plots", plots);
    config.put("custom_metrics", custom);
    config.put("threshold", threshold);
    config.put("problem_type", ProblemType.BINARY_CLASSIFICATION.yamlName());
    config.put("schema", ManifestJson.toMap(SCHEMA));
    return config;
  }

  /** A {@link StepContext} over explicit input URIs; outputs go under {@code outputDir}. */
  public static final class Context implements StepContext {
    private final SparkSession spark;
    private final String stepName;
    private final ManifestStep step;
    private final Manifest manifest;
    private final Map<String, String> inputUris;
    private final Path outputDir;
    private final Path projectDir;
    private final String runId;
    public final Map<String, OutputRecord> outputs = new LinkedHashMap<>();
    public final Map<String, Object> records = new LinkedHashMap<>();
    public final List<String> warnings = new ArrayList<>();

    public Context(SparkSession spark, String stepName, Map<String, Object> config, Map<String, String> inputUris, List<String> outputs,
        Path outputDir, Path projectDir, String runId, Map<String, ManifestStep> otherSteps) {
      this.spark = spark;
      this.stepName = stepName;
      this.step = new ManifestStep("test." + stepName, config, Resources.none(), new ArrayList<>(inputUris.keySet()), outputs,
          inputUris.keySet().stream().map(i -> i.substring(0, i.indexOf('.'))).distinct().toList(), true);
      Map<String, ManifestStep> steps = new LinkedHashMap<>(otherSteps);
      steps.put(stepName, step);
      this.manifest = new Manifest(null, null, steps, null);
      this.inputUris = Map.copyOf(inputUris);
      this.outputDir = outputDir;
      this.projectDir = projectDir;
      this.runId = runId;
    }

    public String outputUri(String name) {
      return outputs.get(name).uri();
    }

    @Override
    public SparkSession spark() {
      return spark;
    }

    @Override
    public String pipelineName() {
      return "churn_test";
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
      return "dev";
    }

    @Override
    public LocalDate executionDate() {
      return LocalDate.of(2026, 1, 1);
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
      return step.config();
    }

    @Override
    public <T> T config(Class<T> type) {
      return ManifestJson.fromMap(step.config(), type);
    }

    @Override
    public <T> T config(String key, Class<T> type) {
      return ManifestJson.mapper().convertValue(step.config().get(key), type);
    }

    @Override
    public Dataset<Row> table(String inputRef) {
      return spark.read().format("delta").load(inputUri(inputRef));
    }

    @Override
    public PipelineModel pipelineModel(String inputRef) {
      return PipelineModel.load(inputUri(inputRef));
    }

    @Override
    public <T> T json(String inputRef, Class<T> type) {
      try {
        return ManifestJson.mapper().readValue(Path.of(java.net.URI.create(inputUri(inputRef))).toFile(), type);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String inputUri(String inputRef) {
      String uri = inputUris.get(inputRef);
      if (uri == null) {
        throw new IllegalArgumentException("step " + stepName + " reads '" + inputRef + "', which is not among its declared inputs " + step.inputs());
      }
      return uri;
    }

    private Path output(String name) {
      if (!step.outputs().contains(name)) {
        throw new IllegalArgumentException("undeclared output " + name);
      }
      return outputDir.resolve(stepName).resolve(name);
    }

    @Override
    public OutputRecord putTable(String name, Dataset<Row> data) {
      Path dir = output(name);
      data.write().format("delta").mode(SaveMode.Overwrite).save(dir.toString());
      return remember(name, new OutputRecord(ArtifactKind.TABLE, dir.toUri().toString(), "test", Optional.empty()));
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
      Path dir = output(name);
      writer.accept(dir.toUri().toString());
      return remember(name, new OutputRecord(ArtifactKind.MODEL, dir.toUri().toString(), "test", Optional.empty()));
    }

    @Override
    public OutputRecord putJson(String name, Object value) {
      String uri = saveJson(value, output(name));
      return remember(name, new OutputRecord(ArtifactKind.JSON, uri, "test", Optional.empty()));
    }

    @Override
    public OutputRecord putFiles(String name, Map<String, byte[]> files) {
      Path dir = output(name);
      try {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
          Files.write(dir.resolve(f.getKey()), f.getValue());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return remember(name, new OutputRecord(ArtifactKind.FILES, dir.toUri().toString(), "test", Optional.empty()));
    }

    @Override
    public void record(String key, Object value) {
      records.put(key, value);
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

    private OutputRecord remember(String name, OutputRecord record) {
      outputs.put(name, record);
      return record;
    }
  }
}
