package io.mbt.steps.framework.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.steps.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenseVectorsTest {
  private final SparkSession spark = SharedSpark.session();
  @TempDir Path directory;

  private Dataset<Row> assembled() {
    return new VectorAssembler().setInputCols(new String[] {"a", "b", "c"})
        .setOutputCol("features")
        .transform(spark.range(3).selectExpr(
            "id", "CAST(id AS DOUBLE) AS a", "0.0 AS b", "0.0 AS c"));
  }

  @Test
  void rewritesSparseVectorsAsDenseInPlaceKeepingValuesAndMetadata() {
    Dataset<Row> input = assembled();

    Dataset<Row> output = new DenseVectors().setColumn("features").transform(input);

    assertThat(output.columns()).containsExactly(input.columns());
    assertThat(output.schema().apply("features").metadata())
        .isEqualTo(input.schema().apply("features").metadata());
    List<Row> rows = output.orderBy("id").collectAsList();
    assertThat(rows).allSatisfy(row ->
        assertThat(row.<Vector>getAs("features")).isInstanceOf(DenseVector.class));
    assertThat(rows.get(0).<Vector>getAs("features").toArray()).containsExactly(0.0, 0.0, 0.0);
    assertThat(rows.get(2).<Vector>getAs("features").toArray()).containsExactly(2.0, 0.0, 0.0);
  }

  @Test
  void savesAndLoadsInsideAPipelineModel() {
    String path = directory.resolve("pipeline").toUri().toString();
    PipelineModel model = new Pipeline()
        .setStages(new PipelineStage[] {new DenseVectors().setColumn("features")})
        .fit(assembled());
    try {
      model.write().overwrite().save(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    PipelineModel loaded = PipelineModel.load(path);

    assertThat(loaded.stages()).singleElement().isInstanceOfSatisfying(DenseVectors.class,
        stage -> assertThat(stage.getColumn()).isEqualTo("features"));
  }

  @Test
  void refusesAColumnThatIsMissingOrNotAVector() {
    DenseVectors dense = new DenseVectors().setColumn("features");

    assertThatThrownBy(() -> dense.transform(spark.range(1).toDF()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 'features' to make dense is missing; the data has columns [id]");
    assertThatThrownBy(() -> dense.transform(spark.range(1).selectExpr("id AS features")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 'features' must be a Spark ML vector to be made dense, but is bigint;"
            + " assemble the features with VectorAssembler first");
  }
}
