package io.mbt.steps.training;

import io.delta.tables.DeltaTable;
import io.mbt.steps.api.OutputRecord;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How many rows a step wrote to a Delta output, read from the commit's metrics instead of counting
 * the data again (the write already counted it).
 */
public final class WrittenRows {
  private WrittenRows() {}

  public static long of(SparkSession spark, OutputRecord table) {
    Row last = DeltaTable.forPath(spark, table.uri()).history(1).select("operationMetrics").head();
    Map<String, String> metrics = last.isNullAt(0) ? Map.of() : last.getJavaMap(0);
    String rows = metrics.get("numOutputRows");
    if (rows != null) {
      return Long.parseLong(rows);
    }
    // Metrics disabled (spark.databricks.delta.history.metricsEnabled=false): count the table.
    return spark.read().format("delta").load(table.uri()).count();
  }
}
