package io.mbt.steps.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.steps.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Spark processes make five blind appends each to one Delta table on local files, all at once.
 * With {@link ExclusiveLocalLogStore} (the embedded session's store) every row is there and the log
 * has one commit per append, versions without gaps; with Delta's default store, commits are lost.
 * Both runs use the slow-rename fixture ({@link SlowRenameLocalFs}), which widens the window of
 * Delta's default check-then-rename the way a paused process or a slow disk would.
 */
class DeltaConcurrentAppendsTest {
  private static final int WRITERS = 3;
  private static final int APPENDS = 5;
  private static final Map<String, String> SLOW_RENAMES =
      Map.of("spark.hadoop.fs.AbstractFileSystem.file.impl", SlowRenameLocalFs.class.getName());

  @TempDir Path tmp;

  private String createTable() {
    String table = tmp.resolve("table").toUri().toString();
    SparkSession spark = SharedSpark.session();
    spark.range(0).selectExpr("id", "cast(0 as int) as writer").write().format("delta").save(table);
    return table;
  }

  private static List<Long> ids(String table) {
    return SharedSpark.session().read().format("delta").load(table).select("id").orderBy("id").as(
        org.apache.spark.sql.Encoders.LONG()).collectAsList();
  }

  private List<Long> commitVersions() throws Exception {
    try (Stream<Path> files = Files.list(tmp.resolve("table/_delta_log"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json"))
          .map(n -> Long.parseLong(n.substring(0, 20))).sorted().toList();
    }
  }

  private static List<Long> expectedIds() {
    return LongStream.range(0, WRITERS).flatMap(w -> LongStream.range(0, APPENDS).map(i -> w * 1000 + i)).sorted().boxed().toList();
  }

  @Test
  @Timeout(360)
  void everyAppendOfEveryProcessIsCommittedWithTheExclusiveStore() throws Exception {
    String table = createTable();

    DeltaConcurrentAppends.run(table, WRITERS, APPENDS, SLOW_RENAMES, tmp);

    assertThat(ids(table)).containsExactlyElementsOf(expectedIds());
    assertThat(commitVersions()).containsExactlyElementsOf(LongStream.rangeClosed(0, WRITERS * APPENDS).boxed().toList());
  }

  @Test
  @Timeout(360)
  void deltasDefaultLocalStoreLosesCommitsThatItsWritersBelieveDone() throws Exception {
    String table = createTable();
    Map<String, String> conf = new java.util.HashMap<>(SLOW_RENAMES);
    conf.put(LogStores.schemeKey("file"), KnownLogStores.HDFS);

    DeltaConcurrentAppends.run(table, WRITERS, APPENDS, conf, tmp);

    List<Long> ids = ids(table);
    System.out.printf("Delta's default store: %d of %d appended rows present, %d commit files%n", ids.size(),
        WRITERS * APPENDS, commitVersions().size() - 1);
    assertThat(ids).as("every writer reported all its appends done").hasSizeLessThan(WRITERS * APPENDS);
    assertThat(expectedIds()).containsAll(ids);
  }
}
