package io.mbt.steps.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.steps.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CastToDoubleTest {
  private final Dataset<Row> data = SharedSpark.session().sql("SELECT * FROM VALUES (true, 3), (false, NULL) AS t(senior, `calls.n`)");
  @TempDir Path dir;

  @Test
  void castsEachColumnToDoubleBesideTheOriginalsAndSurvivesASaveAndLoad() throws IOException {
    CastToDouble cast = new CastToDouble().setColumns(List.of("senior", "calls.n"), List.of("__dbl_senior", "__dbl_calls"));
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {cast}).fit(data);
    String path = dir.resolve("model").toString();
    model.write().overwrite().save(path);

    Dataset<Row> out = PipelineModel.load(path).transform(data);
    assertThat(out.columns()).containsExactly("senior", "calls.n", "__dbl_senior", "__dbl_calls");
    assertThat(out.schema().apply("__dbl_calls").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(out.collectAsList()).extracting(r -> r.get(2), r -> r.get(3)).containsExactly(
        org.assertj.core.groups.Tuple.tuple(1.0, 3.0), org.assertj.core.groups.Tuple.tuple(0.0, null));
    assertThat(cast.transformSchema(data.schema())).isEqualTo(out.schema());
  }
}
