package io.mbt.steps.transform.selection;

import io.mbt.steps.features.FeatureLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/** Maps assembler inputs, and the slots of the vector they assemble into, back to source columns. */
public final class FeatureUnits {
  private FeatureUnits() {}

  /**
   * The units of {@code inputs}, assembled in this order into one vector: a one-hot vector's slots
   * all belong to its categorical column; each slot of {@code __numeric_scaled} is the numeric
   * column its ML attribute names (normalize names them).
   *
   * @param data has every input column; vector sizes come from its ML metadata (or, lacking
   *     that, its first row)
   */
  public static List<FeatureUnit> of(Dataset<Row> data, List<String> inputs, FeatureLayout layout) {
    List<FeatureUnit> units = new ArrayList<>();
    int offset = 0;
    for (String input : inputs) {
      StructField field = data.schema().apply(input);
      if (!FeatureLayout.isVector(field.dataType())) {
        String name = strip(input, FeatureLayout.INDEX_SUFFIX);
        units.add(new FeatureUnit(name, layout.numeric().contains(input), input, -1, List.of(offset)));
        offset++;
        continue;
      }
      AttributeGroup group = AttributeGroup.fromStructField(field);
      int size = group.size() >= 0 ? group.size() : ((Vector) data.select(input).head().get(0)).size();
      if (input.equals(FeatureLayout.NUMERIC_SCALED)) {
        for (int i = 0; i < size; i++) {
          units.add(new FeatureUnit(slotName(group, input, i), true, input, i, List.of(offset + i)));
        }
      } else {
        int start = offset;
        units.add(new FeatureUnit(strip(input, FeatureLayout.ONE_HOT_SUFFIX), false, input, -1,
            IntStream.range(start, start + size).boxed().toList()));
      }
      offset += size;
    }
    return units;
  }

  private static String slotName(AttributeGroup group, String input, int slot) {
    if (group.attributes().isDefined()) {
      Attribute attribute = group.attributes().get()[slot];
      if (attribute != null && attribute.name().isDefined()) {
        return attribute.name().get();
      }
    }
    return input + "[" + slot + "]";
  }

  private static String strip(String column, String suffix) {
    return column.endsWith(suffix) ? column.substring(0, column.length() - suffix.length()) : column;
  }
}
