package io.mbt.steps.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.steps.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CategoryTextTest {
  private final Dataset<Row> data = SharedSpark.session()
      .sql("SELECT * FROM VALUES ('a', 1), ('b', 2), (NULL, NULL), ('c', 3) AS t(`plan.kind`, tier)");
  @TempDir Path dir;

  private static CategoryText stage() {
    return new CategoryText().setColumns(List.of("plan.kind", "tier"), List.of("__enc_plan", "__enc_tier"), "__missing__", "__other__",
        Map.of("plan.kind", List.of("b", "c")));
  }

  private static List<String> column(Dataset<Row> data, String name) {
    return data.select(SqlText.identifier(name)).collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  @Test
  void writesTextWithMissingAndRareCategoriesReplacedAndKeepsEveryColumn() {
    Dataset<Row> out = stage().transform(data);

    assertThat(out.columns()).containsExactly("plan.kind", "tier", "__enc_plan", "__enc_tier");
    assertThat(column(out, "__enc_plan")).containsExactly("a", "__other__", "__missing__", "__other__");
    assertThat(column(out, "__enc_tier")).containsExactly("1", "2", "__missing__", "3");
    assertThat(stage().transformSchema(data.schema())).isEqualTo(out.schema());
  }

  @Test
  void survivesASaveAndLoadInsideAPipelineModel() throws IOException {
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {stage()}).fit(data);
    String path = dir.resolve("model").toString();
    model.write().overwrite().save(path);

    PipelineModel loaded = PipelineModel.load(path);
    assertThat(((CategoryText) loaded.stages()[0]).rare()).isEqualTo(Map.of("plan.kind", List.of("b", "c")));
    assertThat(column(loaded.transform(data), "__enc_plan")).containsExactly("a", "__other__", "__missing__", "__other__");
  }

  @Test
  void aMissingInputColumnIsNamed() {
    assertThatThrownBy(() -> stage().transform(data.drop("tier")))
        .hasMessageContaining("read column 'tier', which the data does not have (columns: plan.kind)");
  }
}
