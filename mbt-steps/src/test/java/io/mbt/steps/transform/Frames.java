package io.mbt.steps.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Assertions over small DataFrames. */
public final class Frames {
  private Frames() {}

  /** The same rows (matched by {@code id}) with the same values in {@code columns}; doubles and vectors within 1e-9. */
  public static void assertSameValues(Dataset<Row> expected, Dataset<Row> actual, List<String> columns) {
    List<Row> want = sorted(expected, columns);
    List<Row> got = sorted(actual, columns);
    assertThat(got).hasSameSizeAs(want);
    for (int r = 0; r < want.size(); r++) {
      for (int c = 0; c < columns.size() + 1; c++) {
        Object a = want.get(r).get(c);
        Object b = got.get(r).get(c);
        String where = "row " + want.get(r).get(0) + ", " + (c == 0 ? "id" : columns.get(c - 1));
        if (a instanceof Vector va && b instanceof Vector vb) {
          assertThat(vb.size()).as(where).isEqualTo(va.size());
          assertThat(vb.toArray()).as(where).containsExactly(va.toArray(), within(1e-9));
        } else if (a instanceof Double da && b instanceof Double db) {
          assertThat(db).as(where).isCloseTo(da, within(1e-9));
        } else {
          assertThat(b).as(where).isEqualTo(a);
        }
      }
    }
  }

  private static List<Row> sorted(Dataset<Row> data, List<String> columns) {
    Column[] selected = new Column[columns.size() + 1];
    selected[0] = functions.col("id");
    for (int i = 0; i < columns.size(); i++) {
      selected[i + 1] = functions.col(columns.get(i));
    }
    return data.select(selected).orderBy("id").collectAsList();
  }

  /** The rows of {@code data} as scoring data has them: without the label and MBT's label index. */
  public static Dataset<Row> scoring(Dataset<Row> data) {
    return data.drop("label", io.mbt.steps.features.LabelInfo.INDEX_COLUMN);
  }
}
