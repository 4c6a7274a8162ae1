package io.mbt.steps.features;

import io.mbt.compiler.model.SchemaSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/** Names of the slots of an assembled features vector, from Spark ML attribute metadata. */
public final class FeatureNames {
  private FeatureNames() {}

  public static List<String> of(Dataset<Row> data, String vectorColumn, SchemaSpec schema) {
    StructField field = data.schema().apply(vectorColumn);
    AttributeGroup group = AttributeGroup.fromStructField(field);
    int size = group.size();
    if (size < 0) {
      // No size in the metadata: read it from one row (a tiny job, only for odd inputs).
      Row first = data.select(vectorColumn).head();
      size = ((Vector) first.get(0)).size();
    }
    List<String> names = new ArrayList<>(size);
    scala.Option<Attribute[]> attributes = group.attributes();
    for (int i = 0; i < size; i++) {
      String name = null;
      if (attributes.isDefined() && i < attributes.get().length && attributes.get()[i].name().isDefined()) {
        name = attributes.get()[i].name().get();
      }
      names.add(name == null || name.isBlank() ? vectorColumn + "[" + i + "]" : clean(name));
    }
    return names;
  }

  /** Strips MBT's internal suffixes so names read as the user's columns. */
  static String clean(String name) {
    return name.replace(FeatureLayout.NUMERIC_SCALED + "_", "").replace(FeatureLayout.ONE_HOT_SUFFIX, "").replace(FeatureLayout.INDEX_SUFFIX, "")
        .replace("__imp", "");
  }
}
