package io.mbt.steps.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExclusiveFilesTest {
  @TempDir Path dir;

  @Test
  void ofWritersRacingForOneLocalFileExactlyOneWinsAndItsContentStays() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < 25; round++) {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("claims").resolve(round + ".json").toUri());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          byte[] content = ("writer " + w).getBytes(StandardCharsets.UTF_8);
          futures.add(pool.submit(() -> {
            start.await();
            return ExclusiveFiles.create(fs, file, content);
          }));
        }
        start.countDown();
        List<Integer> winners = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          if (futures.get(w).get(30, TimeUnit.SECONDS)) {
            winners.add(w);
          }
        }
        assertThat(winners).as("round %d", round).hasSize(1);
        assertThat(Files.readString(dir.resolve("claims").resolve(round + ".json"))).isEqualTo("writer " + winners.get(0));
      }
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> files = Files.list(dir.resolve("claims"))) {
      assertThat(files.map(p -> p.getFileName().toString())).as("no temporary files left").allMatch(name -> name.matches("[0-9]+\\.json"));
    }
  }

  @Test
  void anExistingFileIsNeverReplaced() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("a.json").toUri());
    assertThat(ExclusiveFiles.create(fs, file, "first".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(ExclusiveFiles.create(fs, file, "second".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(dir.resolve("a.json")).hasContent("first");
  }
}
