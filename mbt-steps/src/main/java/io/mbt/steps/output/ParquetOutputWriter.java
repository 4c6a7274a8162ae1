package io.mbt.steps.output;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
}
