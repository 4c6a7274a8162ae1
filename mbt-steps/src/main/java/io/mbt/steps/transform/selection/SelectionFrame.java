package io.mbt.steps.transform.selection;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.model.ProblemType;
import java.util.List;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.feature.VectorSlicer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the selection methods read: the train set's labelled rows with every candidate feature
 * assembled (missing numeric values imputed) into {@code vectorColumn}, and the raw numeric
 * columns. The caller caches it: every method makes a pass over it.
 *
 * @param rows how many rows {@code data} has
 * @param seed for the methods that sample or fit a model
 */
public record SelectionFrame(Dataset<Row> data, long rows, String vectorColumn, String labelColumn, ProblemType problemType, long seed) {
  static final String SLICE = "__selection_slice";

  public SelectionFrame {
    requireNonNull(data, "data is null");
    requireNonNull(vectorColumn, "vectorColumn is null");
    requireNonNull(labelColumn, "labelColumn is null");
    requireNonNull(problemType, "problemType is null");
  }

  /** The slots of {@code units} (in unit order) as {@value #SLICE}, with only their size as metadata: every slot reads as continuous. */
  Dataset<Row> slice(List<FeatureUnit> units) {
    int[] indices = units.stream().flatMap(u -> u.slots().stream()).mapToInt(Integer::intValue).toArray();
    Dataset<Row> sliced = new VectorSlicer().setInputCol(vectorColumn).setOutputCol(SLICE).setIndices(indices).transform(data);
    return sliced.withMetadata(SLICE, new AttributeGroup(SLICE, indices.length).toMetadata());
  }
}
