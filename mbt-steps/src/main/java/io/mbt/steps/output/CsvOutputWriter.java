package io.mbt.steps.output;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;

/**
 * {@code destination: csv}, with a header row; array columns (class probabilities) are written as
 * JSON text, which CSV cannot hold otherwise. See {@link FileOutputWriter} for layout and replace.
 */
public final class CsvOutputWriter extends FileOutputWriter {
  @Override
  public String name() {
    return "csv";
  }

  @Override
  void save(Dataset<Row> rows, String uri, String[] partitionBy) {
    Column[] columns = new Column[rows.schema().fields().length];
    int i = 0;
    for (StructField f : rows.schema().fields()) {
      Column c = functions.col("`" + f.name().replace("`", "``") + "`");
      columns[i++] = f.dataType() instanceof ArrayType ? functions.to_json(c).as(f.name()) : c;
    }
    rows.select(columns).write().option("header", "true").partitionBy(partitionBy).csv(uri);
  }

  @Override
  long countWritten(SparkSession spark, String uri) {
    return spark.read().option("header", "true").csv(uri).count();
  }
}
