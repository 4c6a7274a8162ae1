package io.mbt.steps.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class HadoopArtifactStoreTest {
  @TempDir Path directory;
  private String root;
  private ArtifactStore store;

  @BeforeEach
  void openStore() {
    root = directory.resolve("artifacts").toUri().toString();
    store = ArtifactStores.hadoop(root, new Configuration(), RetryPolicy.none());
  }

  record Metrics(String name, double auc, List<String> features) {}

  @Test
  void bytesRoundTrip() {
    store.put("run-1", "train", "model.bin", new byte[] {1, 2, 3});

    assertThat(store.get("run-1", "train", "model.bin")).containsExactly(1, 2, 3);
    assertThat(store.exists("run-1", "train", "model.bin")).isTrue();
  }

  @Test
  void jsonRoundTripsRecordsAndTrees() {
    store.writeJson("run-1", "evaluate", "metrics.json",
        new Metrics("holdout", 0.93, List.of("age", "income")));

    assertThat(store.readJson("run-1", "evaluate", "metrics.json", Metrics.class))
        .isEqualTo(new Metrics("holdout", 0.93, List.of("age", "income")));
    assertThat(store.readJson("run-1", "evaluate", "metrics.json", JsonNode.class).get("auc")
        .asDouble()).isEqualTo(0.93);
  }

  @Test
  void jsonSortsMapKeysSoEqualMapsWriteEqualBytes() {
    store.writeJson("run-1", "s", "a.json", Map.of("b", 1, "a", 2, "c", 3));

    assertThat(new String(store.get("run-1", "s", "a.json"), UTF_8))
        .isEqualTo("{\n  \"a\" : 2,\n  \"b\" : 1,\n  \"c\" : 3\n}");
  }

  @Test
  void readingJsonOfAnotherShapeNamesTheArtifact() {
    store.put("run-1", "s", "a.json", "[1, 2]".getBytes(UTF_8));

    assertThatThrownBy(() -> store.readJson("run-1", "s", "a.json", Metrics.class))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith(root + "/run-1/s/a.json is not JSON of a Metrics: ");
  }

  @Test
  void layoutIsRootRunStepArtifact() throws IOException {
    store.put("run-1", "train", "model.bin", new byte[] {7});

    assertThat(store.uri("run-1", "train", "model.bin"))
        .isEqualTo(root + "/run-1/train/model.bin");
    assertThat(Files.readAllBytes(directory.resolve("artifacts/run-1/train/model.bin")))
        .containsExactly(7);
  }

  @Test
  void rootWithTrailingSlashOrWithoutSchemeNamesTheSameLocation() {
    String plain = directory.resolve("artifacts").toString();
    ArtifactStore slashed =
        ArtifactStores.hadoop(root + "/", new Configuration(), RetryPolicy.none());
    ArtifactStore schemeless = ArtifactStores.hadoop(plain, new Configuration(), RetryPolicy.none());
    store.put("run-1", "s", "a", new byte[] {1});

    assertThat(slashed.root()).isEqualTo(root);
    assertThat(schemeless.root()).isEqualTo("file:" + plain);
    assertThat(schemeless.get("run-1", "s", "a")).containsExactly(1);
  }

  @Test
  void putReplacesExistingContent() {
    store.put("run-1", "train", "model.bin", new byte[] {1, 2, 3});
    store.put("run-1", "train", "model.bin", new byte[] {9});

    assertThat(store.get("run-1", "train", "model.bin")).containsExactly(9);
    assertThat(store.list("run-1", "train")).containsExactly("model.bin");
  }

  @Test
  void listsArtifactsOfOneStepSortedIncludingDirectories() throws IOException {
    store.put("run-1", "train", "model.bin", new byte[] {1});
    store.put("run-1", "train", "features.json", new byte[] {1});
    store.put("run-1", "evaluate", "metrics.json", new byte[] {1});
    store.put("run-2", "train", "model.bin", new byte[] {1});
    Files.createDirectories(directory.resolve("artifacts/run-1/train/predictions/_delta_log"));

    assertThat(store.list("run-1", "train"))
        .containsExactly("features.json", "model.bin", "predictions");
    assertThat(store.list("run-1", "nothing")).isEmpty();
    assertThat(store.list("run-9", "train")).isEmpty();
  }

  @Test
  void leftoverTemporaryFileOfACrashedWriterIsInvisible() throws IOException {
    Path stepDirectory = Files.createDirectories(directory.resolve("artifacts/run-1/train"));
    Files.write(stepDirectory.resolve("_tmp-0b7e4c2a-model.bin"), new byte[] {1, 2});

    assertThat(store.exists("run-1", "train", "model.bin")).isFalse();
    assertThat(store.list("run-1", "train")).isEmpty();
    assertThatThrownBy(() -> store.get("run-1", "train", "model.bin"))
        .isInstanceOf(ArtifactNotFoundException.class);
  }

  @Test
  void writerThatFailsMidwayLeavesNeitherArtifactNorTemporaryFile() {
    assertThatThrownBy(() -> store.put("run-1", "train", "model.bin", out -> {
          out.write(new byte[1000]);
          throw new IOException("disk full");
        }))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("write " + root + "/run-1/train/model.bin failed after 1 attempt")
        .hasMessageContaining("disk full");

    assertThat(store.exists("run-1", "train", "model.bin")).isFalse();
    assertThat(filesUnder(directory)).isEmpty();
  }

  @Test
  void failedReplacementKeepsThePreviousContent() {
    store.put("run-1", "train", "model.bin", new byte[] {1});

    assertThatThrownBy(() -> store.put("run-1", "train", "model.bin", out -> {
          throw new IllegalStateException("serializer bug");
        }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(store.get("run-1", "train", "model.bin")).containsExactly(1);
    assertThat(filesUnder(directory)).extracting(p -> p.getFileName().toString())
        .containsExactly("model.bin");
  }

  @Test
  @Timeout(60)
  void writerProcessKilledMidwayLeavesNoVisibleArtifact() throws Exception {
    File stderr = directory.resolve("writer.err").toFile();
    Process writer =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                KilledWriterMain.class.getName(), root)
            .redirectError(stderr)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(writer.getInputStream(), UTF_8))) {
      String line = out.readLine();
      assertThat(line).as("writer output; its stderr: %s", stderr).isEqualTo("WRITING");
      writer.destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      writer.destroyForcibly();
    }

    assertThat(filesUnder(directory.resolve("artifacts")))
        .as("the killed writer's temporary file")
        .anySatisfy(p -> assertThat(p.getFileName().toString()).startsWith("_tmp-"));
    assertThat(store.exists("run-1", "train", "model.bin")).isFalse();
    assertThat(store.list("run-1", "train")).isEmpty();
    assertThatThrownBy(() -> store.get("run-1", "train", "model.bin"))
        .isInstanceOf(ArtifactNotFoundException.class);
  }

  @Test
  void missingArtifactErrorListsWhatTheStepHas() {
    store.put("run-1", "train", "model.bin", new byte[] {1});

    assertThatThrownBy(() -> store.get("run-1", "train", "modle.bin"))
        .isInstanceOf(ArtifactNotFoundException.class)
        .hasMessage("artifact not found: " + root
            + "/run-1/train/modle.bin (artifacts of this run and step: model.bin)");
  }

  @Test
  void deleteRemovesFilesAndDirectoriesAndSaysWhetherTheyExisted() throws IOException {
    store.put("run-1", "train", "model.bin", new byte[] {1});
    Files.createDirectories(directory.resolve("artifacts/run-1/train/table/_delta_log"));

    assertThat(store.delete("run-1", "train", "model.bin")).isTrue();
    assertThat(store.delete("run-1", "train", "table")).isTrue();
    assertThat(store.delete("run-1", "train", "model.bin")).isFalse();
    assertThat(store.list("run-1", "train")).isEmpty();
  }

  @Test
  void rejectsNamesThatAreNotOneVisiblePathSegment() {
    assertThatThrownBy(() -> store.put("run-1", "train", "_tmp-x", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid artifact name '_tmp-x': names starting with '_' or '.' are reserved"
            + " for temporary and hidden files. Use a single path segment of letters, digits,"
            + " '-', '_' or '.' that does not start with '_' or '.'");
    assertThatThrownBy(() -> store.get("run-1", "a/b", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "invalid step name 'a/b': character '/' at index 1 is not allowed.");
    assertThatThrownBy(() -> store.list("", "train"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid run id '': it is empty.");
    assertThatThrownBy(() -> store.exists("run-1", "train", ".."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid artifact name '..': names starting with '_' or '.'");
  }

  @Test
  void retriesTransientFailuresOfWritesReadsAndListings() {
    Configuration conf = new Configuration();
    conf.set("fs.flaky.impl", FlakyFileSystem.class.getName());
    conf.setBoolean("fs.flaky.impl.disable.cache", true);
    conf.setInt(FlakyFileSystem.FAILURES, 2);
    RecordingSleeper sleeper = new RecordingSleeper();
    String flakyRoot = "flaky://" + directory.resolve("flaky").toUri().getPath();
    ArtifactStore flaky =
        ArtifactStores.hadoop(
            flakyRoot, conf, new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)),
            sleeper);

    flaky.put("run-1", "train", "model.bin", new byte[] {4, 2});

    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(flaky.get("run-1", "train", "model.bin")).containsExactly(4, 2);
    assertThat(flaky.list("run-1", "train")).containsExactly("model.bin");
    assertThat(filesUnder(directory.resolve("flaky")))
        .extracting(p -> p.getFileName().toString()).containsExactly("model.bin");
  }

  private static List<Path> filesUnder(Path path) {
    if (!Files.exists(path)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(path)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".crc"))
          .filter(p -> !p.getFileName().toString().equals("writer.err"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
