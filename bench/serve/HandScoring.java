import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.mbt.steps.framework.builtin.XGBoostTrainer;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The baseline: a batch scoring job as an engineer writes it directly against Spark, from the same
 * registry run MBT serves: load the fitted preprocessing {@code PipelineModel}, the feature
 * assembler and the XGBoost model from the run's directory; read the scoring Delta table; {@code
 * transform} three times; shape the same output columns (the id, the positive-class probability,
 * the predicted label at 0.5, the model's run id, the job's run id and the date); one Delta write
 * that replaces the date's rows ({@code replaceWhere}), partitioned by date. No other actions.
 */
final class HandScoring {
  static final String JOB_GROUP = "hand/";

  /** Wall seconds, the seconds of each phase, and the rows the Delta commit reports. */
  record Result(double seconds, Map<String, Double> phases, long rows, Map<String, JobTimes.Group> jobs) {}

  private HandScoring() {}

  static Result run(SparkSession spark, String registryRunDir, String modelRunId, String scoringTable, String outputPath, LocalDate date,
      String jobRunId, JobTimes jobs) {
    Map<String, Double> phases = new LinkedHashMap<>();
    long start = System.nanoTime();

    spark.sparkContext().setJobGroup(JOB_GROUP + "load_model", "hand-written load_model", false);
    long t = System.nanoTime();
    PipelineModel transforms = PipelineModel.load(registryRunDir + "/transforms");
    PipelineModel assembler = PipelineModel.load(registryRunDir + "/model/assembler");
    // xgboost4j-spark 3.x forgets a loaded classifier's number of classes; any job loading one needs this repair.
    PipelineModel model = XGBoostTrainer.repairLoadedPipeline(PipelineModel.load(registryRunDir + "/model/model"));
    phases.put("load_model", Bench.seconds(t));

    spark.sparkContext().setJobGroup(JOB_GROUP + "score_and_write", "hand-written score_and_write", false);
    t = System.nanoTime();
    Dataset<Row> scoring = spark.read().format("delta").load(scoringTable);
    Dataset<Row> scored = model.transform(assembler.transform(transforms.transform(scoring)));
    Column positive = vector_to_array(col("probability"), "float64").getItem(1);
    Dataset<Row> out = scored.select(col(TelcoData.ID), positive.as("churn_probability"),
        when(positive.geq(0.5), "Yes").otherwise("No").as("churn_predicted"), lit(modelRunId).as("run_id"), lit(jobRunId).as("mbt_run_id"),
        lit(Date.valueOf(date)).as("execution_date"));
    out.write().format("delta").mode("overwrite").option("replaceWhere", "execution_date = DATE'" + date + "'").partitionBy("execution_date")
        .save(outputPath);
    phases.put("score_and_write", Bench.seconds(t));
    spark.sparkContext().clearJobGroup();

    Map<String, String> metrics = io.delta.tables.DeltaTable.forPath(spark, outputPath).history(1).select("operationMetrics").head().getJavaMap(0);
    return new Result(Bench.seconds(start), phases, Long.parseLong(metrics.getOrDefault("numOutputRows", "-1")),
        jobs.take(spark.sparkContext(), JOB_GROUP));
  }
}
