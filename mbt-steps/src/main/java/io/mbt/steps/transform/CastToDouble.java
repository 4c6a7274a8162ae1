package io.mbt.steps.transform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML stage that writes each of {@code inputCols} cast to double into the matching {@code
 * outputCols} (Imputer takes no booleans, and would round a median back into an integer column).
 * Built as Columns rather than a SQLTransformer statement: every replay of a SQLTransformer parses
 * and analyses its SQL twice (schema, then data), and a run replays the fitted transforms for each
 * later step that reads them.
 */
public final class CastToDouble extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final StringArrayParam inputCols;
  private final StringArrayParam outputCols;

  public CastToDouble() {
    this(Identifiable$.MODULE$.randomUID("mbtCastToDouble"));
  }

  /** The constructor Spark's reader calls when a saved pipeline is loaded. */
  public CastToDouble(String uid) {
    this.uid = uid;
    this.inputCols = new StringArrayParam(this, "inputCols", "the columns to cast");
    this.outputCols = new StringArrayParam(this, "outputCols", "where each cast goes, in the order of inputCols");
  }

  public static MLReader<CastToDouble> read() {
    return new DefaultParamsReader<>();
  }

  public static CastToDouble load(String path) {
    return read().load(path);
  }

  public StringArrayParam inputCols() {
    return inputCols;
  }

  public StringArrayParam outputCols() {
    return outputCols;
  }

  public CastToDouble setColumns(List<String> inputs, List<String> outputs) {
    if (inputs.size() != outputs.size()) {
      throw new IllegalArgumentException("CastToDouble needs one output per input: " + inputs + " -> " + outputs);
    }
    set(inputCols, inputs.toArray(String[]::new));
    set(outputCols, outputs.toArray(String[]::new));
    return this;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String[] in = getOrDefault(inputCols);
    String[] out = getOrDefault(outputCols);
    List<Column> columns = new ArrayList<>(List.of(functions.col("*")));
    for (int i = 0; i < in.length; i++) {
      columns.add(functions.col(SqlText.identifier(in[i])).cast(DataTypes.DoubleType).as(out[i]));
    }
    return dataset.toDF().select(columns.toArray(Column[]::new));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    TransformErrors.requireColumns(schema, getOrDefault(inputCols));
    List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
    String[] in = getOrDefault(inputCols);
    String[] out = getOrDefault(outputCols);
    for (int i = 0; i < in.length; i++) {
      StructField input = schema.apply(in[i]);
      // Numbers and booleans always cast; text that is not a number casts to null.
      boolean exact = input.dataType() instanceof NumericType || input.dataType() == DataTypes.BooleanType;
      fields.add(DataTypes.createStructField(out[i], DataTypes.DoubleType, input.nullable() || !exact));
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  @Override
  public CastToDouble copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String uid() {
    return uid;
  }
}
