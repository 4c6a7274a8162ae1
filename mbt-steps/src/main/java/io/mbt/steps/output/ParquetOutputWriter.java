package io.mbt.steps.output;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code destination: parquet}: see {@link FileOutputWriter} for the layout and the replace. */
public final class ParquetOutputWriter extends FileOutputWriter {
  @Override
  public String name() {
    return "parquet";
  }

  @Override
  void save(Dataset<Row> rows, String uri, String[] partitionBy) {
    rows.write().partitionBy(partitionBy).parquet(uri);
  }

  @Override
  long countWritten(SparkSession spark, String uri) {
    return spark.read().parquet(uri).count();
  }
}
