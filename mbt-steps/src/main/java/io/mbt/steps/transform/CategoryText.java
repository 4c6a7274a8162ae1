package io.mbt.steps.transform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML stage that writes each of {@code inputCols} as text into the matching {@code
 * outputCols}, ready for a StringIndexer: a missing value becomes the category {@code missing},
 * and the values listed for a column in {@code rareColumns}/{@code rareValues} (parallel arrays:
 * column, value) become the category {@code other}. Built as Columns rather than a SQLTransformer
 * statement, which every replay parses and analyses twice.
 */
public final class CategoryText extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final StringArrayParam inputCols;
  private final StringArrayParam outputCols;
  private final Param<String> missing;
  private final Param<String> other;
  private final StringArrayParam rareColumns;
  private final StringArrayParam rareValues;

  public CategoryText() {
    this(Identifiable$.MODULE$.randomUID("mbtCategoryText"));
  }

  /** The constructor Spark's reader calls when a saved pipeline is loaded. */
  public CategoryText(String uid) {
    this.uid = uid;
    this.inputCols = new StringArrayParam(this, "inputCols", "the categorical columns");
    this.outputCols = new StringArrayParam(this, "outputCols", "where each column's text goes, in the order of inputCols");
    this.missing = new Param<>(this, "missing", "the category of a missing value");
    this.other = new Param<>(this, "other", "the category the rare values share");
    this.rareColumns = new StringArrayParam(this, "rareColumns", "with rareValues, (column, value) pairs mapped to the category other");
    this.rareValues = new StringArrayParam(this, "rareValues", "with rareColumns, (column, value) pairs mapped to the category other");
    setDefault(rareColumns, new String[0]);
    setDefault(rareValues, new String[0]);
  }

  public static MLReader<CategoryText> read() {
    return new DefaultParamsReader<>();
  }

  public static CategoryText load(String path) {
    return read().load(path);
  }

  public StringArrayParam inputCols() {
    return inputCols;
  }

  public StringArrayParam outputCols() {
    return outputCols;
  }

  public Param<String> missing() {
    return missing;
  }

  public Param<String> other() {
    return other;
  }

  public StringArrayParam rareColumns() {
    return rareColumns;
  }

  public StringArrayParam rareValues() {
    return rareValues;
  }

  /**
   * @param rare per column, the values that become {@code otherCategory}
   */
  public CategoryText setColumns(List<String> inputs, List<String> outputs, String missingCategory, String otherCategory,
      Map<String, List<String>> rare) {
    if (inputs.size() != outputs.size()) {
      throw new IllegalArgumentException("CategoryText needs one output per input: " + inputs + " -> " + outputs);
    }
    List<String> columns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    rare.forEach((column, list) -> list.forEach(value -> {
      columns.add(column);
      values.add(value);
    }));
    set(inputCols, inputs.toArray(String[]::new));
    set(outputCols, outputs.toArray(String[]::new));
    set(missing, missingCategory);
    set(other, otherCategory);
    set(rareColumns, columns.toArray(String[]::new));
    set(rareValues, values.toArray(String[]::new));
    return this;
  }

  /** Per column, its rare values, from the parallel arrays. */
  Map<String, List<String>> rare() {
    Map<String, List<String>> rare = new LinkedHashMap<>();
    String[] columns = getOrDefault(rareColumns);
    String[] values = getOrDefault(rareValues);
    for (int i = 0; i < columns.length; i++) {
      rare.computeIfAbsent(columns[i], k -> new ArrayList<>()).add(values[i]);
    }
    return rare;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String[] in = getOrDefault(inputCols);
    String[] out = getOrDefault(outputCols);
    Map<String, List<String>> rare = rare();
    List<Column> columns = new ArrayList<>(List.of(functions.col("*")));
    for (int i = 0; i < in.length; i++) {
      Column text = functions.coalesce(functions.col(SqlText.identifier(in[i])).cast(DataTypes.StringType), functions.lit(getOrDefault(missing)));
      List<String> rareValues = rare.getOrDefault(in[i], List.of());
      if (!rareValues.isEmpty()) {
        text = functions.when(text.isin(rareValues.toArray()), functions.lit(getOrDefault(other))).otherwise(text);
      }
      columns.add(text.as(out[i]));
    }
    return dataset.toDF().select(columns.toArray(Column[]::new));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    TransformErrors.requireColumns(schema, getOrDefault(inputCols));
    List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
    for (String out : getOrDefault(outputCols)) {
      fields.add(DataTypes.createStructField(out, DataTypes.StringType, false));
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  @Override
  public CategoryText copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String uid() {
    return uid;
  }
}
