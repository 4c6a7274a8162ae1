package io.mbt.steps.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.steps.testing.SharedSpark;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaArtifactsTest {
  @TempDir Path directory;
  private final SparkSession spark = SharedSpark.session();
  private ArtifactStore store;
  private DeltaArtifacts tables;

  @BeforeEach
  void openStore() {
    store = ArtifactStores.hadoop(spark, directory.toUri().toString(), Map.of());
    tables = new DeltaArtifacts(spark, store);
  }

  @Test
  void writesDeltaTableAtTheArtifactUriAndReadsItBack() {
    WrittenTable written = tables.write("run-1", "split", "train", spark.range(100).toDF());

    assertThat(written).isEqualTo(new WrittenTable(store.uri("run-1", "split", "train"), 0));
    assertThat(store.list("run-1", "split")).containsExactly("train");
    Dataset<Row> read = tables.read("run-1", "split", "train");
    assertThat(read.count()).isEqualTo(100);
    assertThat(read.agg(org.apache.spark.sql.functions.sum("id")).head().getLong(0))
        .isEqualTo(4950);
  }

  @Test
  void retriedWriteReplacesDataAndSchemaAndReturnsTheNewVersion() {
    tables.write("run-1", "split", "train", spark.range(100).toDF());

    WrittenTable retried =
        tables.write("run-1", "split", "train", spark.range(3).selectExpr("id", "'x' AS tag"));

    assertThat(retried.version()).isEqualTo(1);
    assertThat(tables.version("run-1", "split", "train")).isEqualTo(1);
    Dataset<Row> read = tables.read("run-1", "split", "train");
    assertThat(read.columns()).containsExactly("id", "tag");
    assertThat(read.count()).isEqualTo(3);
  }

  @Test
  void readsTheVersionAWriteRecorded() {
    WrittenTable first = tables.write("run-1", "split", "train", spark.range(10).toDF());
    tables.write("run-1", "split", "train", spark.range(20).toDF());

    assertThat(tables.read("run-1", "split", "train", first.version()).count()).isEqualTo(10);
    assertThat(tables.read("run-1", "split", "train").count()).isEqualTo(20);
  }

  @Test
  void readingAMissingTableSaysWhichAndWhy() {
    store.put("run-1", "split", "notes.txt", new byte[] {1});

    assertThatThrownBy(() -> tables.read("run-1", "split", "train"))
        .isInstanceOf(ArtifactNotFoundException.class)
        .hasMessage("no Delta table at " + store.uri("run-1", "split", "train")
            + ": the step that produces it has not written it yet, or wrote it under another run"
            + " id, step or name");
    assertThatThrownBy(() -> tables.version("run-1", "split", "notes.txt"))
        .isInstanceOf(ArtifactNotFoundException.class);
  }
}
