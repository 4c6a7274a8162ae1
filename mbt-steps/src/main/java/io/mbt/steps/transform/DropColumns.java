package io.mbt.steps.transform;

import java.util.Arrays;
import java.util.Set;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML stage that removes a transform step's temporary columns at the end of its fitted
 * pipeline. Columns that are absent are ignored, so the stage replays on any input.
 */
public final class DropColumns extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final StringArrayParam columns;

  public DropColumns() {
    this(Identifiable$.MODULE$.randomUID("mbtDropColumns"));
  }

  /** The constructor Spark's reader calls when a saved pipeline is loaded. */
  public DropColumns(String uid) {
    this.uid = uid;
    this.columns = new StringArrayParam(this, "columns", "the columns to drop; absent ones are ignored");
    setDefault(columns, new String[0]);
  }

  public static MLReader<DropColumns> read() {
    return new DefaultParamsReader<>();
  }

  public static DropColumns load(String path) {
    return read().load(path);
  }

  public StringArrayParam columns() {
    return columns;
  }

  public DropColumns setColumns(String... names) {
    set(columns, names);
    return this;
  }

  public String[] getColumns() {
    return getOrDefault(columns);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    return dataset.toDF().drop(getColumns());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Set<String> dropped = Set.of(getColumns());
    return new StructType(Arrays.stream(schema.fields()).filter(f -> !dropped.contains(f.name())).toArray(StructField[]::new));
  }

  @Override
  public DropColumns copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String uid() {
    return uid;
  }
}
