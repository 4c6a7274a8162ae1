package io.mbt.steps.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.steps.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorSlotNamesTest {
  private final Dataset<Row> data = SharedSpark.session()
      .sql("SELECT CAST(id AS DOUBLE) AS a, CAST(id * id AS DOUBLE) AS b, IF(id % 2 = 0, 'x', 'y') AS c FROM range(10)");
  @TempDir Path dir;

  private static Attribute[] attributes(Dataset<Row> frame, String column) {
    return AttributeGroup.fromStructField(frame.schema().apply(column)).attributes().get();
  }

  @Test
  void namesTheSlotsOfAScaledVectorWhoseNamesTheScalerDropped() throws IOException {
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"a", "b"}).setOutputCol("v"),
        new StandardScaler().setInputCol("v").setOutputCol("s"),
        new VectorSlotNames().setInputCol("s").setNames("a", "b")}).fit(data);
    String path = dir.resolve("model").toString();
    model.write().overwrite().save(path);

    Dataset<Row> out = PipelineModel.load(path).transform(data);
    assertThat(Arrays.stream(attributes(out, "s")).map(a -> a.name().get())).containsExactly("a", "b");
    assertThat(out.select("s").collectAsList()).hasSize(10);
  }

  @Test
  void renamesSlotsButKeepsTheirAttributeTypes() {
    Dataset<Row> indexed = new StringIndexer().setInputCol("c").setOutputCol("c__idx").fit(data).transform(data);
    Dataset<Row> assembled = new VectorAssembler().setInputCols(new String[] {"a", "c__idx"}).setOutputCol("v").transform(indexed);

    Dataset<Row> out = new VectorSlotNames().setInputCol("v").setNames("first", "second").transform(assembled);

    Attribute[] named = attributes(out, "v");
    assertThat(named[0].name().get()).isEqualTo("first");
    assertThat(named[1]).isInstanceOf(NominalAttribute.class);
    assertThat(named[1].name().get()).isEqualTo("second");
    assertThat(List.of(((NominalAttribute) named[1]).values().get())).containsExactly("x", "y");
  }

  @Test
  void refusesNamesThatDoNotMatchTheVectorSize() {
    Dataset<Row> assembled = new VectorAssembler().setInputCols(new String[] {"a", "b"}).setOutputCol("v").transform(data);

    assertThatThrownBy(() -> new VectorSlotNames().setInputCol("v").setNames("only_one").transform(assembled))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 'v' holds vectors of size 2, but 1 slot names were given: [only_one]");
  }
}
