package io.mbt.steps.output;

import io.delta.tables.DeltaTable;
import io.mbt.steps.api.StepFailedException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code destination: delta}: a Delta table at a path or in the catalog, partitioned by {@code
 * execution_date}. A write is one Delta commit with {@code replaceWhere} on the date: the date's old
 * rows go and the new ones come in one transaction, so readers never see both or neither.
 */
public final class DeltaOutputWriter implements OutputWriter {
  @Override
  public String name() {
    return "delta";
  }

  @Override
  public WrittenOutput write(SparkSession spark, Dataset<Row> predictions, OutputTarget target) {
    List<String> partitions = new ArrayList<>();
    partitions.add(OutputTarget.DATE_COLUMN);
    partitions.addAll(target.partitionBy());
    DataFrameWriter<Row> writer = predictions.write().format("delta").mode("overwrite")
        .option("replaceWhere", OutputTarget.DATE_COLUMN + " = DATE'" + target.executionDate() + "'")
        .partitionBy(partitions.toArray(String[]::new));
    try {
      if (target.path().isPresent()) {
        writer.save(target.path().get());
      } else {
        writer.saveAsTable(target.table().get());
      }
    } catch (Exception e) { // Scala's AnalysisException is checked in Java's eyes but thrown undeclared
      throw new StepFailedException("writing predictions to the Delta table " + target.describe() + " failed: " + e.getMessage(),
          "an existing table must have the columns and partitioning serving writes (compare its schema with the predictions);"
              + " point serving.output at a new table, or migrate the old one", e);
    }
    DeltaTable table = target.path().isPresent() ? DeltaTable.forPath(spark, target.path().get()) : DeltaTable.forName(spark, target.table().get());
    // The commit's own metrics: how many rows this write added (the replaced date's old rows are not counted).
    Row commit = table.history(1).select("operationMetrics").head();
    java.util.Map<String, String> metrics = commit.getJavaMap(0);
    return new WrittenOutput(target.describe(), Long.parseLong(metrics.getOrDefault("numOutputRows", "0")));
  }
}
