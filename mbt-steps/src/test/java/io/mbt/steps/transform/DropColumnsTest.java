package io.mbt.steps.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.steps.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropColumnsTest {
  private final Dataset<Row> data = SharedSpark.session().sql("SELECT 1 AS keep, 2 AS __tmp_a, 3 AS __tmp_b");
  @TempDir Path dir;

  @Test
  void dropsTheNamedColumnsAndIgnoresAbsentOnes() {
    DropColumns drop = new DropColumns().setColumns("__tmp_a", "__tmp_b", "never_there");

    assertThat(drop.transform(data).columns()).containsExactly("keep");
    assertThat(drop.transformSchema(data.schema()).fieldNames()).containsExactly("keep");
  }

  @Test
  void survivesASaveAndLoadInsideAPipelineModel() throws IOException {
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {new DropColumns().setColumns("__tmp_a")}).fit(data);
    String path = dir.resolve("model").toString();
    model.write().overwrite().save(path);

    PipelineModel loaded = PipelineModel.load(path);
    assertThat(((DropColumns) loaded.stages()[0]).getColumns()).containsExactly("__tmp_a");
    assertThat(loaded.transform(data).columns()).containsExactly("keep", "__tmp_b");
  }
}
