package io.mbt.steps.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.steps.api.ArtifactKind;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.TableRecipe;
import io.mbt.steps.testing.SharedSpark;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadedModelsTest {
  @TempDir Path dir;

  @Test
  void loadsEachModelOnceUntilItsUriIsRewritten() throws Exception {
    var spark = SharedSpark.session();
    String uri = dir.resolve("fitted").toUri().toString();
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {new SQLTransformer().setStatement("SELECT *, 1 AS one FROM __THIS__")})
        .fit(spark.range(3).toDF());
    model.write().overwrite().save(uri);
    LoadedModels models = new LoadedModels();

    PipelineModel first = models.load(uri);
    assertThat(models.load(uri)).isSameAs(first);
    assertThat(first.transform(spark.range(2).toDF()).columns()).containsExactly("id", "one");

    models.forget(uri);
    assertThat(models.load(uri)).isNotSameAs(first);
  }

  @Test
  void aPrimedModelIsReturnedWithoutLoadingAndEachTypeIsCachedApart() {
    LoadedModels models = new LoadedModels();
    String uri = dir.resolve("never_written").toUri().toString();
    StringBuilder primed = new StringBuilder("in memory");
    models.prime(uri, StringBuilder.class, primed);

    assertThat(models.load(uri, StringBuilder.class, u -> { throw new AssertionError("loaded " + u); })).isSameAs(primed);
    assertThat(models.load(uri, String.class, u -> "another type, loaded")).isEqualTo("another type, loaded");
    models.forget(uri);
    assertThat(models.load(uri, StringBuilder.class, u -> new StringBuilder("reloaded"))).hasToString("reloaded");
  }

  @Test
  void aViewIsBuiltOncePerRecordAndDroppedWhenAModelOfItsChainIsRewritten() {
    var spark = SharedSpark.session();
    LoadedModels models = new LoadedModels();
    OutputRecord record = new OutputRecord(ArtifactKind.TABLE_VIEW, "file:/run/encode/train_set", "view:1", Optional.empty(),
        Optional.of(new TableRecipe("split_data.train_set", "file:/run/load_data/data", Optional.of("file:/run/encode/fitted"), Optional.empty())));
    int[] builds = {0};
    java.util.function.Supplier<LoadedModels.View> build = () -> {
      builds[0]++;
      return new LoadedModels.View(spark.range(3).toDF(), Set.of("file:/run/split_data/train_recipe", "file:/run/encode/fitted"));
    };

    LoadedModels.View first = models.view(record, "encode", build);
    assertThat(models.view(record, "encode", build)).isSameAs(first);
    assertThat(builds[0]).isEqualTo(1);

    models.forget("file:/run/other/fitted");
    assertThat(models.view(record, "encode", build)).isSameAs(first);
    models.forget("file:/run/split_data/train_recipe");
    assertThat(models.view(record, "encode", build)).isNotSameAs(first);
    assertThat(builds[0]).isEqualTo(2);
  }

  @Test
  void theFirstViewChangingStoredDataIsPersistedWhenASecondStepReadsItAndReleasedAtTheEndOfTheRun() {
    var spark = SharedSpark.session();
    LoadedModels models = new LoadedModels();
    OutputRecord split = new OutputRecord(ArtifactKind.TABLE_VIEW, "file:/run/split_data/train_set", "view:2", Optional.of(0L),
        Optional.of(new TableRecipe("load_data.data", "file:/run/load_data/data", Optional.of("file:/run/split_data/train_set"), Optional.empty())));
    OutputRecord encoded = new OutputRecord(ArtifactKind.TABLE_VIEW, "file:/run/encode/train_set", "view:3", Optional.of(0L),
        Optional.of(new TableRecipe("split_data.train_set", "file:/run/split_data/train_set", Optional.of("file:/run/encode/fitted"), Optional.empty())));
    var data = spark.range(5).toDF();
    java.util.function.Supplier<LoadedModels.View> root = () -> new LoadedModels.View(data, Set.of("file:/run/split_data/train_set"), 1);
    java.util.function.Supplier<LoadedModels.View> derived = () -> new LoadedModels.View(data.selectExpr("id * 2 AS id"),
        Set.of("file:/run/split_data/train_set", "file:/run/encode/fitted"), 2);

    LoadedModels.View view = models.view(split, "encode", root);
    models.view(split, "encode", root);
    assertThat(view.data().storageLevel()).as("one step reading a view twice does not cache it").isEqualTo(StorageLevel.NONE());
    LoadedModels.View transformed = models.view(encoded, "normalize", derived);
    models.view(split, "normalize", root);
    assertThat(view.data().storageLevel()).isEqualTo(StorageLevel.MEMORY_AND_DISK());
    models.view(encoded, "train_model", derived);
    assertThat(transformed.data().storageLevel()).as("views down the chain are cheap to recompute").isEqualTo(StorageLevel.NONE());

    OutputRecord alias = new OutputRecord(ArtifactKind.TABLE_VIEW, "file:/run/load_data/data", "view:4", Optional.of(3L),
        Optional.of(new TableRecipe("load_data.data", "file:/data/churn", Optional.empty(), Optional.empty())));
    LoadedModels.View stored = models.view(alias, "split_data", () -> new LoadedModels.View(spark.range(4).toDF(), Set.of(), 0));
    models.view(alias, "encode", () -> new LoadedModels.View(spark.range(4).toDF(), Set.of(), 0));
    assertThat(stored.data().storageLevel()).as("an alias of a stored table is a scan already").isEqualTo(StorageLevel.NONE());

    models.close();
    assertThat(view.data().storageLevel()).isEqualTo(StorageLevel.NONE());
    assertThat(models.view(split, "evaluate", root)).as("the views were dropped with the cache").isNotSameAs(view);
  }
  @Test
  void aKeptTableIsPersistedForTheRunAndViewsReadingItAreNotCachedAgain() {
    var spark = SharedSpark.session();
    LoadedModels models = new LoadedModels();
    OutputRecord loaded = new OutputRecord(ArtifactKind.DERIVED_TABLE, "file:/run/load_data/data", "derived:1", Optional.empty(),
        Optional.of(new TableRecipe("load_data.data", TableViews.DERIVED, Optional.empty(), Optional.empty())));
    OutputRecord split = new OutputRecord(ArtifactKind.TABLE_VIEW, "file:/run/split_data/train_set", "view:2", Optional.empty(),
        Optional.of(new TableRecipe("load_data.data", "file:/run/load_data/data", Optional.of("file:/run/split_data/train_set"), Optional.empty())));
    LoadedModels.View table = models.view(loaded, "split_data", () -> new LoadedModels.View(spark.range(6).toDF(), Set.of()));
    models.keep(loaded);
    assertThat(table.data().storageLevel()).isEqualTo(StorageLevel.MEMORY_AND_DISK());
    assertThat(models.view(loaded, "encode", () -> { throw new AssertionError("read once per run"); })).isSameAs(table);

    java.util.function.Supplier<LoadedModels.View> view = () -> new LoadedModels.View(table.data().filter("id % 2 = 0"),
        Set.of("file:/run/split_data/train_set"), 1, Optional.of(table));
    LoadedModels.View train = models.view(split, "encode", view);
    models.view(split, "normalize", view);
    assertThat(train.readsCached()).isTrue();
    assertThat(train.data().storageLevel()).as("its source is in memory already").isEqualTo(StorageLevel.NONE());

    models.close();
    assertThat(table.data().storageLevel()).isEqualTo(StorageLevel.NONE());
  }
}
