package io.mbt.steps.delta;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.storage.CloseableIterator;
import io.mbt.steps.spark.NioLocalFileSystem;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExclusiveLocalLogStoreTest {
  @TempDir java.nio.file.Path tmp;

  /** A Hadoop configuration whose file:// is served by {@code fileSystem}, not shared with other tests. */
  private static Configuration conf(Class<?> fileSystem) {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", fileSystem.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  private Path logDirectory() throws IOException {
    return new Path(Files.createDirectories(tmp.resolve("table/_delta_log")).toUri());
  }

  private static List<String> read(ExclusiveLocalLogStore store, Path path, Configuration conf) throws IOException {
    List<String> lines = new ArrayList<>();
    try (CloseableIterator<String> it = store.read(path, conf)) {
      it.forEachRemaining(lines::add);
    }
    return lines;
  }

  private List<String> namesInLogDirectory() throws IOException {
    try (Stream<java.nio.file.Path> files = Files.list(tmp.resolve("table/_delta_log"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @ParameterizedTest
  @ValueSource(classes = {NioLocalFileSystem.class, LocalFileSystem.class, RawLocalFileSystem.class})
  void writesANewVersionAndReadsItBackThroughEachLocalFileSystem(Class<?> fileSystem) throws Exception {
    Configuration conf = conf(fileSystem);
    ExclusiveLocalLogStore store = new ExclusiveLocalLogStore(conf);
    Path version0 = new Path(logDirectory(), "00000000000000000000.json");

    store.write(version0, List.of("{\"commitInfo\":{}}", "{\"add\":{}}").iterator(), false, conf);

    assertThat(read(store, version0, conf)).containsExactly("{\"commitInfo\":{}}", "{\"add\":{}}");
    assertThat(Files.readString(tmp.resolve("table/_delta_log/00000000000000000000.json"), UTF_8))
        .isEqualTo("{\"commitInfo\":{}}\n{\"add\":{}}\n");
    Iterator<FileStatus> listed = store.listFrom(version0, conf);
    assertThat(listed.next().getPath().getName()).isEqualTo("00000000000000000000.json");
    assertThat(listed.hasNext()).isFalse();
    assertThat(namesInLogDirectory()).as("no temporary or checksum file left").containsExactly("00000000000000000000.json");
  }

  @ParameterizedTest
  @ValueSource(classes = {NioLocalFileSystem.class, LocalFileSystem.class, RawLocalFileSystem.class})
  void refusesToReplaceAnExistingVersionAndKeepsItsContent(Class<?> fileSystem) throws Exception {
    Configuration conf = conf(fileSystem);
    ExclusiveLocalLogStore store = new ExclusiveLocalLogStore(conf);
    Path version1 = new Path(logDirectory(), "00000000000000000001.json");
    store.write(version1, List.of("first").iterator(), false, conf);

    assertThatThrownBy(() -> store.write(version1, List.of("second").iterator(), false, conf))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessage(version1.toString());

    assertThat(read(store, version1, conf)).containsExactly("first");
    assertThat(namesInLogDirectory()).containsExactly("00000000000000000001.json");
  }

  @Test
  void aWriterThatLosesTheLinkRaceGetsFileAlreadyExistsAndLeavesNoTemporaryFile() throws Exception {
    // The existence check before writing passes; the version appears while the content is written.
    Configuration conf = conf(NioLocalFileSystem.class);
    ExclusiveLocalLogStore store = new ExclusiveLocalLogStore(conf);
    Path version2 = new Path(logDirectory(), "00000000000000000002.json");
    java.nio.file.Path file = tmp.resolve("table/_delta_log/00000000000000000002.json");
    Iterator<String> actionsThatLoseTheRace = new Iterator<>() {
      private boolean given;

      @Override
      public boolean hasNext() {
        return !given;
      }

      @Override
      public String next() {
        given = true;
        try {
          Files.writeString(file, "the other writer's commit\n");
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        return "this writer's commit";
      }
    };

    assertThatThrownBy(() -> store.write(version2, actionsThatLoseTheRace, false, conf))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessage(version2.toString());

    assertThat(Files.readString(file)).isEqualTo("the other writer's commit\n");
    assertThat(namesInLogDirectory()).containsExactly("00000000000000000002.json");
  }

  @Test
  void overwriteReplacesTheFileWholeAndDropsAStaleChecksum() throws Exception {
    Configuration conf = conf(LocalFileSystem.class);
    ExclusiveLocalLogStore store = new ExclusiveLocalLogStore(conf);
    Path lastCheckpoint = new Path(logDirectory(), "_last_checkpoint");
    // Written through the checksummed file system: leaves ._last_checkpoint.crc beside it.
    try (var out = lastCheckpoint.getFileSystem(conf).create(lastCheckpoint)) {
      out.write("{\"version\":10}\n".getBytes(UTF_8));
    }
    assertThat(namesInLogDirectory()).contains("._last_checkpoint.crc");

    store.write(lastCheckpoint, List.of("{\"version\":20,\"size\":3}").iterator(), true, conf);

    assertThat(read(store, lastCheckpoint, conf)).containsExactly("{\"version\":20,\"size\":3}");
    assertThat(namesInLogDirectory()).containsExactly("_last_checkpoint");
  }

  @Test
  void aMissingLogDirectoryIsFileNotFound() {
    Configuration conf = conf(NioLocalFileSystem.class);
    ExclusiveLocalLogStore store = new ExclusiveLocalLogStore(conf);
    Path missing = new Path(tmp.resolve("no-table/_delta_log").toUri());

    assertThatThrownBy(() -> store.write(new Path(missing, "00000000000000000000.json"), List.of("x").iterator(), false, conf))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessage("No such file or directory: " + missing);
  }

  @Test
  void refusesAPathThatIsNotOnTheLocalFileSystem() {
    Configuration conf = new Configuration();
    ExclusiveLocalLogStore store = new ExclusiveLocalLogStore(conf);
    Path remote = new Path("http://127.0.0.1:9/table/_delta_log/00000000000000000000.json");

    assertThatThrownBy(() -> store.write(remote, List.of("x").iterator(), false, conf))
        .isInstanceOf(IOException.class)
        .hasMessage("ExclusiveLocalLogStore writes only through Hadoop's local file system, but " + remote
            + " is served by org.apache.hadoop.fs.http.HttpFileSystem. Set spark.delta.logStore.<scheme>.impl for"
            + " this path's scheme to a LogStore for that file system");
  }

  @Test
  void localPartialWritesAreVisibleSoDeltaWritesCheckpointsThroughARename() throws Exception {
    Configuration conf = conf(NioLocalFileSystem.class);
    assertThat(new ExclusiveLocalLogStore(conf).isPartialWriteVisible(logDirectory(), conf)).isTrue();
  }

  // ---- several processes, one version at a time: who creates it? ----

  private static final int WRITERS = 4;
  private static final int ROUNDS = 10;
  private static final int PAYLOAD_KIB = 256; // writing and syncing 256 KiB keeps the writers in flight together

  @Test
  @Timeout(90)
  void exactlyOneOfFourProcessesCreatesEachVersion() throws Exception {
    Path log = logDirectory();

    // The slow-rename fixture that breaks Delta's default (below) is in place here too.
    LogStoreRace.Outcome outcome = LogStoreRace.run(ExclusiveLocalLogStore.class.getName(), log.toString(), WRITERS, ROUNDS,
        PAYLOAD_KIB, Map.of("fs.AbstractFileSystem.file.impl", SlowRenameLocalFs.class.getName()), tmp.resolve("logs"));

    assertThat(outcome.winners()).as("winners per round").allSatisfy(w -> assertThat(w).hasSize(1));
    for (int round = 0; round < ROUNDS; round++) {
      List<String> lines = Files.readAllLines(tmp.resolve(String.format("table/_delta_log/%020d.json", round)));
      assertThat(lines.get(0)).isEqualTo("{\"writer\":\"" + outcome.winners().get(round).get(0) + "\"}");
      assertThat(lines).hasSize(PAYLOAD_KIB + 1);
    }
    assertThat(namesInLogDirectory()).hasSize(ROUNDS);
  }

  /**
   * Delta's default for file:// (HDFSLogStore on local files) checks that the version is absent,
   * then renames onto it; a local rename replaces an existing file, so two processes can both
   * "create" a version and one commit is silently replaced. On an idle local disk the window is
   * microseconds (1 round with two winners in 300 rounds of 3 writers, 0 in 300 of 2 or 4); the
   * fixture widens it as a paused process or a slow disk would.
   */
  @Test
  @Timeout(90)
  void deltasDefaultLocalStoreLetsSeveralProcessesCreateTheSameVersion() throws Exception {
    Path log = logDirectory();

    LogStoreRace.Outcome outcome = LogStoreRace.run(KnownLogStores.HDFS, log.toString(), 2, 6, 1,
        Map.of("fs.AbstractFileSystem.file.impl", SlowRenameLocalFs.class.getName()), tmp.resolve("logs"));

    // Usually every round; a writer slowed down by a loaded machine may arrive after the other's rename.
    assertThat(outcome.roundsWithSeveralWinners()).as("rounds in which both writers 'created' the version: %s",
        outcome.winners()).isPositive();
  }
}
