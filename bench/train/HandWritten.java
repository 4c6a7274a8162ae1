import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.mbt.steps.framework.FrameworkTrainers;
import io.mbt.steps.framework.TrainedModel;
import io.mbt.steps.framework.TrainingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * The baseline: the training pipeline as a careful engineer writes it directly against Spark ML, on
 * the same session, with the same choices MBT's steps make (stratified split with the same test
 * share; StringIndexer by frequency with an unknown bucket + OneHotEncoder without dropLast; median
 * Imputer + VectorAssembler + StandardScaler with mean and std; one VectorAssembler; the same XGBoost
 * trainer and parameters; the scored test set written as a Delta table with ROC AUC and a metrics
 * file, as MBT's evaluate writes them; the fitted model saved once). No intermediate
 * writes: the split is cached once (it feeds two filters and the counts) and so are the training
 * features XGBoost reads.
 *
 * <p>Spark is lazy, so each phase's time is the Spark work its actions trigger: {@code split} runs
 * the window and fills the cache (with the per-split counts any engineer logs), {@code
 * fit_transforms} the indexer, imputer and scaler fits, {@code train} the feature transform of the
 * train set and the XGBoost fit, {@code evaluate} scoring the test set and its AUC.
 */
final class HandWritten {
  static final String LABEL_INDEX = "label";
  static final String FEATURES = "features";
  static final String JOB_GROUP = "hand/";

  /**
   * @param format of the source table: parquet or delta
   * @param split "window" (exactly round(n * test_size) rows of each class go to test, as MBT's
   *     stratified split) or "bernoulli" (each row goes to test with probability test_size: cheaper,
   *     stratified only in expectation)
   */
  record Settings(double testSize, long seed, Map<String, Object> xgboostParams, String split, String format) {}

  /** Phase seconds in order, the held-out AUC, the split sizes and the Spark jobs per phase. */
  record Result(double seconds, Map<String, Double> phases, double auc, long trainRows, long testRows, Map<String, JobTimes.Group> jobs) {}

  private HandWritten() {}

  static Result run(SparkSession spark, String dataPath, String modelDir, Settings settings, JobTimes jobs) {
    Map<String, Double> phases = new LinkedHashMap<>();
    Clock clock = new Clock(spark, phases);

    clock.start("read");
    Dataset<Row> raw = spark.read().format(settings.format()).load(dataPath);

    clock.start("split");
    Column text = trim(col(TelcoData.LABEL).cast("string"));
    Dataset<Row> labelled = raw.withColumn(LABEL_INDEX, when(text.equalTo("Yes"), 1.0).when(text.equalTo("No"), 0.0))
        .filter(col(LABEL_INDEX).isNotNull());
    Dataset<Row> flagged;
    if (settings.split().equals("bernoulli")) {
      flagged = labelled.withColumn("is_test", rand(settings.seed()).lt(settings.testSize()));
    } else {
      WindowSpec byClass = Window.partitionBy(LABEL_INDEX);
      flagged = labelled.withColumn("u", rand(settings.seed()))
          .withColumn("rank", row_number().over(byClass.orderBy("u")))
          .withColumn("class_rows", count(lit(1)).over(byClass))
          .withColumn("is_test", col("rank").leq(round(col("class_rows").multiply(settings.testSize()))))
          .drop("u", "rank", "class_rows");
    }
    flagged = castNumeric(flagged).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> trainFeatures = null;
    try {
      long trainRows = 0;
      long testRows = 0;
      for (Row r : flagged.groupBy("is_test").count().collectAsList()) {
        if (r.getBoolean(0)) {
          testRows = r.getLong(1);
        } else {
          trainRows = r.getLong(1);
        }
      }
      Dataset<Row> train = flagged.filter(not(col("is_test")));
      Dataset<Row> test = flagged.filter(col("is_test"));

      clock.start("fit_transforms");
      PipelineModel preprocessing = new Pipeline().setStages(preprocessingStages()).fit(train);

      clock.start("train");
      trainFeatures = preprocessing.transform(train).select(LABEL_INDEX, FEATURES).persist(StorageLevel.MEMORY_AND_DISK());
      TrainedModel model = FrameworkTrainers.get("xgboost")
          .train(trainFeatures, TrainingContext.binary(LABEL_INDEX, FEATURES, settings.xgboostParams(), settings.seed()));

      clock.start("evaluate");
      // A production job keeps what MBT's evaluate keeps: the scored test rows (raw columns, label,
      // prediction, probability) and the metrics. The scored set is cached for the write and the AUC.
      Dataset<Row> scored = model.transform(preprocessing.transform(test)).persist(StorageLevel.MEMORY_AND_DISK());
      double auc;
      try {
        List<Column> kept = new ArrayList<>();
        for (String c : test.columns()) {
          if (!c.equals("is_test")) {
            kept.add(col(c));
          }
        }
        kept.add(col("prediction"));
        kept.add(vector_to_array(col("probability"), "float64").getItem(1).as("probability"));
        scored.select(kept.toArray(Column[]::new)).write().format("delta").mode("overwrite").save(modelDir + "/predictions");
        auc = new BinaryClassificationEvaluator().setLabelCol(LABEL_INDEX).setRawPredictionCol("probability")
            .setMetricName("areaUnderROC").evaluate(scored);
        writeMetrics(spark, modelDir + "/metrics.json", auc, testRows);
      } finally {
        scored.unpersist(false);
      }

      clock.start("save_model");
      try {
        preprocessing.write().overwrite().save(modelDir + "/preprocessing");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      model.save(modelDir + "/model");
      clock.stop();
      return new Result(clock.total(), phases, auc, trainRows, testRows, jobs.take(spark.sparkContext(), JOB_GROUP));
    } finally {
      clock.stop();
      flagged.unpersist(true);
      if (trainFeatures != null) {
        trainFeatures.unpersist(true);
      }
    }
  }

  private static void writeMetrics(SparkSession spark, String uri, double auc, long testRows) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
    try (var out = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(path, true)) {
      out.write(("{\"roc_auc\": " + auc + ", \"num_rows\": " + testRows + "}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The numeric features as doubles (the imputer takes no integers). */
  private static Dataset<Row> castNumeric(Dataset<Row> data) {
    Dataset<Row> out = data;
    for (String c : TelcoData.NUMERIC) {
      out = out.withColumn(c, col(c).cast("double"));
    }
    return out;
  }

  private static PipelineStage[] preprocessingStages() {
    List<String> categorical = TelcoData.CATEGORICAL;
    List<String> numeric = TelcoData.NUMERIC;
    String[] cats = categorical.toArray(String[]::new);
    String[] indexed = categorical.stream().map(c -> c + "_idx").toArray(String[]::new);
    String[] oneHot = categorical.stream().map(c -> c + "_ohe").toArray(String[]::new);
    String[] nums = numeric.toArray(String[]::new);
    String[] imputed = numeric.stream().map(c -> c + "_imp").toArray(String[]::new);
    List<PipelineStage> stages = new ArrayList<>();
    stages.add(new StringIndexer().setInputCols(cats).setOutputCols(indexed).setStringOrderType("frequencyDesc").setHandleInvalid("keep"));
    stages.add(new OneHotEncoder().setInputCols(indexed).setOutputCols(oneHot).setDropLast(false).setHandleInvalid("keep"));
    stages.add(new Imputer().setStrategy("median").setInputCols(nums).setOutputCols(imputed));
    stages.add(new VectorAssembler().setInputCols(imputed).setOutputCol("numeric").setHandleInvalid("keep"));
    stages.add(new StandardScaler().setInputCol("numeric").setOutputCol("numeric_scaled").setWithMean(true).setWithStd(true));
    List<String> assembled = new ArrayList<>(List.of("numeric_scaled"));
    assembled.addAll(List.of(oneHot));
    stages.add(new VectorAssembler().setInputCols(assembled.toArray(String[]::new)).setOutputCol(FEATURES).setHandleInvalid("keep"));
    return stages.toArray(PipelineStage[]::new);
  }

  /** Times consecutive phases, each in its own Spark job group. */
  private static final class Clock {
    private final SparkSession spark;
    private final Map<String, Double> phases;
    private final long start = System.nanoTime();
    private long last = start;
    private String current;

    Clock(SparkSession spark, Map<String, Double> phases) {
      this.spark = spark;
      this.phases = phases;
    }

    /** Ends the current phase, if any, and starts {@code phase}. */
    void start(String phase) {
      stop();
      current = phase;
      spark.sparkContext().setJobGroup(JOB_GROUP + phase, "hand-written " + phase, false);
    }

    void stop() {
      if (current == null) {
        return;
      }
      long now = System.nanoTime();
      phases.put(current, (now - last) / 1e9);
      current = null;
      last = now;
      spark.sparkContext().clearJobGroup();
    }

    double total() {
      return (last - start) / 1e9;
    }
  }
}
