package io.mbt.steps.transform;

import io.mbt.steps.features.FeatureLayout;
import java.util.Arrays;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NumericAttribute;
import org.apache.spark.ml.param.Param;
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
 * A Spark ML stage that names the slots of a vector column in its ML attribute metadata, so that
 * feature importance and model explanations show column names. The data is untouched.
 *
 * <p>Slots that already carry an attribute keep its type (a nominal attribute keeps its values, a
 * binary one stays binary) and only change name; a vector without attributes (Spark's scalers
 * keep only the size) gets numeric attributes.
 */
public final class VectorSlotNames extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> inputCol;
  private final StringArrayParam names;

  public VectorSlotNames() {
    this(Identifiable$.MODULE$.randomUID("mbtVectorSlotNames"));
  }

  /** The constructor Spark's reader calls when a saved pipeline is loaded. */
  public VectorSlotNames(String uid) {
    this.uid = uid;
    this.inputCol = new Param<>(this, "inputCol", "the vector column whose slots are named");
    this.names = new StringArrayParam(this, "names", "one name per slot, in slot order");
  }

  public static MLReader<VectorSlotNames> read() {
    return new DefaultParamsReader<>();
  }

  public static VectorSlotNames load(String path) {
    return read().load(path);
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public StringArrayParam names() {
    return names;
  }

  public VectorSlotNames setInputCol(String column) {
    set(inputCol, column);
    return this;
  }

  public VectorSlotNames setNames(String... slotNames) {
    set(names, slotNames);
    return this;
  }

  public String getInputCol() {
    return getOrDefault(inputCol);
  }

  public String[] getNames() {
    return getOrDefault(names);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType schema = transformSchema(dataset.schema());
    return dataset.toDF().withMetadata(getInputCol(), schema.apply(getInputCol()).metadata());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String column = getInputCol();
    StructField field = schema.apply(column);
    if (!FeatureLayout.isVector(field.dataType())) {
      throw new IllegalArgumentException("column '" + column + "' must hold ML vectors to name its slots, but its type is "
          + field.dataType().simpleString());
    }
    String[] slotNames = getNames();
    AttributeGroup group = AttributeGroup.fromStructField(field);
    if (group.size() >= 0 && group.size() != slotNames.length) {
      throw new IllegalArgumentException("column '" + column + "' holds vectors of size " + group.size() + ", but "
          + slotNames.length + " slot names were given: " + Arrays.toString(slotNames));
    }
    Attribute[] named = new Attribute[slotNames.length];
    Attribute[] existing = group.attributes().isDefined() ? group.attributes().get() : null;
    for (int i = 0; i < slotNames.length; i++) {
      named[i] = existing != null && existing[i] != null
          ? existing[i].withName(slotNames[i]).withIndex(i)
          : NumericAttribute.defaultAttr().withName(slotNames[i]).withIndex(i);
    }
    StructField renamed = new StructField(column, field.dataType(), field.nullable(),
        new AttributeGroup(column, named).toMetadata(field.metadata()));
    return new StructType(Arrays.stream(schema.fields()).map(f -> f.name().equals(column) ? renamed : f).toArray(StructField[]::new));
  }

  @Override
  public VectorSlotNames copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String uid() {
    return uid;
  }
}
