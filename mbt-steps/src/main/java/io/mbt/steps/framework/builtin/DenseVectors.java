package io.mbt.steps.framework.builtin;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A pipeline stage that rewrites a vector column as dense vectors, in place (same name, same ML
 * attribute metadata). It stands before XGBoost stages: xgboost4j-spark 3.2.0 refuses sparse
 * vectors unless {@code missing} is set, and with {@code missing} set its prediction crashes the
 * JVM on some sparse rows; Spark's VectorAssembler emits sparse vectors for rows with many zeros.
 * Dense vectors also keep zeros as values, as every MLlib model reads them.
 *
 * <p>Public, with a {@code (String uid)} constructor and a static {@link #read()}, so that {@code
 * PipelineModel.load} can read it.
 */
public final class DenseVectors extends Transformer implements DefaultParamsWritable {
  private final String uid;
  private final Param<String> column;

  public DenseVectors() {
    this(Identifiable$.MODULE$.randomUID("denseVectors"));
  }

  public DenseVectors(String uid) {
    this.uid = uid;
    // Created after uid: a Param records its parent's uid when constructed.
    this.column = new Param<>(this, "column", "the vector column to make dense, in place");
  }

  public static MLReader<DenseVectors> read() {
    return new DefaultParamsReader<>();
  }

  public static DenseVectors load(String path) {
    return read().load(path);
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> column() {
    return column;
  }

  public DenseVectors setColumn(String value) {
    set(column, value);
    return this;
  }

  public String getColumn() {
    return $(column);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String name = getColumn();
    StructField field = dataset.schema().apply(name);
    Column dense =
        functions.array_to_vector(functions.vector_to_array(dataset.col(name), "float64"))
            .as(name, field.metadata());
    return dataset.withColumn(name, dense);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String name = getColumn();
    if (!java.util.Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException(
          "column '" + name + "' to make dense is missing; the data has columns "
              + java.util.Arrays.toString(schema.fieldNames()));
    }
    if (!schema.apply(name).dataType().equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException(
          "column '" + name + "' must be a Spark ML vector to be made dense, but is "
              + schema.apply(name).dataType().simpleString()
              + "; assemble the features with VectorAssembler first");
    }
    return schema;
  }

  @Override
  public DenseVectors copy(ParamMap extra) {
    return (DenseVectors) defaultCopy(extra);
  }
}
