package io.mbt.steps.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import io.delta.storage.CloseableIterator;
import io.mbt.steps.testing.LoopbackS3;
import io.mbt.steps.testing.SharedSpark;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ExclusiveS3LogStore} through {@code s3a://} against a real S3-compatible server with
 * conditional writes: the one {@code scripts/s3-server.sh start} runs (S3Proxy), found through the
 * {@code MBT_S3_ENDPOINT}, {@code MBT_S3_ACCESS_KEY} and {@code MBT_S3_SECRET_KEY} variables it
 * prints. Skipped, saying how to start the server, when they are not set.
 */
@EnabledIfEnvironmentVariable(named = "MBT_S3_ENDPOINT", matches = ".+", disabledReason =
    "MBT_S3_ENDPOINT is not set, so the s3a tests are skipped. " + LoopbackS3.HOW_TO_START)
class ExclusiveS3LogStoreTest {
  private static final String BUCKET = "mbt-logstore-test";
  private static Map<String, String> s3a;
  private static AmazonS3 s3;

  @TempDir Path tmp;
  private String prefix;

  @BeforeAll
  static void connect() {
    LoopbackS3 server = LoopbackS3.fromEnvironment().orElseThrow();
    s3a = server.hadoopConf();
    s3 = server.withBucket(BUCKET);
  }

  @BeforeEach
  void newPrefix() {
    prefix = UUID.randomUUID().toString();
  }

  private static Configuration conf() {
    Configuration conf = new Configuration();
    s3a.forEach(conf::set);
    return conf;
  }

  private String logDirectory() {
    return "s3a://" + BUCKET + "/" + prefix + "/table/_delta_log";
  }

  private List<String> keysUnder(String under) {
    List<String> keys = new ArrayList<>();
    for (S3ObjectSummary summary : s3.listObjectsV2(new ListObjectsV2Request().withBucketName(BUCKET).withPrefix(under))
        .getObjectSummaries()) {
      keys.add(summary.getKey().substring(under.length()));
    }
    return keys;
  }

  private static List<String> read(ExclusiveS3LogStore store, org.apache.hadoop.fs.Path path, Configuration conf)
      throws Exception {
    List<String> lines = new ArrayList<>();
    try (CloseableIterator<String> it = store.read(path, conf)) {
      it.forEachRemaining(lines::add);
    }
    return lines;
  }

  @Test
  void writesReadsAndListsVersionsAndRefusesToReplaceOne() throws Exception {
    Configuration conf = conf();
    ExclusiveS3LogStore store = new ExclusiveS3LogStore(conf);
    org.apache.hadoop.fs.Path version0 = new org.apache.hadoop.fs.Path(logDirectory(), "00000000000000000000.json");
    org.apache.hadoop.fs.Path version1 = new org.apache.hadoop.fs.Path(logDirectory(), "00000000000000000001.json");

    store.write(version0, List.of("{\"commitInfo\":{}}", "{\"add\":{}}").iterator(), false, conf);
    store.write(version1, List.of("{\"commitInfo\":{}}").iterator(), false, conf);

    assertThat(read(store, version0, conf)).containsExactly("{\"commitInfo\":{}}", "{\"add\":{}}");
    List<String> listed = new ArrayList<>();
    store.listFrom(version1, conf).forEachRemaining(status -> listed.add(status.getPath().getName()));
    assertThat(listed).containsExactly("00000000000000000001.json");
    assertThatThrownBy(() -> store.write(version1, List.of("another commit").iterator(), false, conf))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessage("s3a://" + BUCKET + "/" + prefix + "/table/_delta_log/00000000000000000001.json");
    assertThat(read(store, version1, conf)).containsExactly("{\"commitInfo\":{}}");
    assertThat(keysUnder(prefix + "/table/_delta_log/")).as("the probe is gone")
        .containsExactly("00000000000000000000.json", "00000000000000000001.json");
    assertThat(store.isPartialWriteVisible(version0, conf)).isFalse();
  }

  @Test
  void overwriteReplacesTheObject() throws Exception {
    Configuration conf = conf();
    ExclusiveS3LogStore store = new ExclusiveS3LogStore(conf);
    org.apache.hadoop.fs.Path lastCheckpoint = new org.apache.hadoop.fs.Path(logDirectory(), "_last_checkpoint");

    store.write(lastCheckpoint, List.of("{\"version\":10}").iterator(), true, conf);
    store.write(lastCheckpoint, List.of("{\"version\":20}").iterator(), true, conf);

    assertThat(read(store, lastCheckpoint, conf)).containsExactly("{\"version\":20}");
  }

  @Test
  void refusesAPathThatS3aDoesNotServe() throws Exception {
    Configuration conf = conf();
    ExclusiveS3LogStore store = new ExclusiveS3LogStore(conf);
    org.apache.hadoop.fs.Path local = new org.apache.hadoop.fs.Path(tmp.resolve("00000000000000000000.json").toUri());
    String localFileSystem = local.getFileSystem(conf).getClass().getName(); // Hadoop's, or the session's if cached first

    assertThatThrownBy(() -> store.write(local, List.of("x").iterator(), false, conf))
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("ExclusiveS3LogStore writes only through S3A (org.apache.hadoop.fs.s3a.S3AFileSystem), but " + local
            + " is served by " + localFileSystem + ". Use an s3a:// path, or map the scheme to S3A"
            + " (fs.<scheme>.impl=org.apache.hadoop.fs.s3a.S3AFileSystem)");
  }

  @Test
  @Timeout(90)
  void exactlyOneOfFourProcessesCreatesEachVersion() throws Exception {
    LogStoreRace.Outcome outcome = LogStoreRace.run(ExclusiveS3LogStore.class.getName(), logDirectory(), 4, 10, 64, s3a,
        tmp.resolve("logs"));

    assertThat(outcome.winners()).as("winners per round").allSatisfy(w -> assertThat(w).hasSize(1));
    assertThat(keysUnder(prefix + "/table/_delta_log/")).hasSize(10);
  }

  /** Delta's default on S3 checks that a version is absent, then PUTs it: within one driver only. */
  @Test
  @Timeout(90)
  void deltasDefaultS3StoreLetsSeveralProcessesCreateTheSameVersion() throws Exception {
    LogStoreRace.Outcome outcome = LogStoreRace.run(KnownLogStores.S3_SINGLE_DRIVER, logDirectory(), 4, 10, 256, s3a,
        tmp.resolve("logs"));

    assertThat(outcome.roundsWithSeveralWinners()).as("rounds in which more than one writer 'won': %s", outcome.winners())
        .isPositive();
  }

  @Test
  @Timeout(180)
  void everyBlindAppendOfThreeSparkProcessesIsCommittedThroughS3a() throws Exception {
    int writers = 3;
    int appends = 5;
    String table = "s3a://" + BUCKET + "/" + prefix + "/table";
    Map<String, String> options = new HashMap<>(s3a);
    SharedSpark.session().range(0).selectExpr("id", "cast(0 as int) as writer").write().format("delta").options(options)
        .save(table);
    Map<String, String> sparkConf = new HashMap<>();
    s3a.forEach((k, v) -> sparkConf.put("spark.hadoop." + k, v));
    sparkConf.put(LogStores.schemeKey("s3a"), ExclusiveS3LogStore.class.getName());

    DeltaConcurrentAppends.run(table, writers, appends, sparkConf, tmp);

    List<Long> ids = SharedSpark.session().read().format("delta").options(options).load(table).select("id").orderBy("id")
        .as(Encoders.LONG()).collectAsList();
    assertThat(ids).containsExactlyElementsOf(
        LongStream.range(0, writers).flatMap(w -> LongStream.range(0, appends).map(i -> w * 1000 + i)).boxed().toList());
    assertThat(keysUnder(prefix + "/table/_delta_log/").stream().filter(k -> k.matches("\\d{20}\\.json")))
        .containsExactlyElementsOf(LongStream.rangeClosed(0, writers * appends).mapToObj(v -> String.format("%020d.json", v)).toList());
  }
}
