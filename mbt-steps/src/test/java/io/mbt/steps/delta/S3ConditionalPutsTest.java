package io.mbt.steps.delta;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.steps.storage.RetryPolicy;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3ConditionalPutsTest {
  private static final String KEY = "t/_delta_log/00000000000000000001.json";
  private final FakeS3 s3 = new FakeS3();
  private final List<Duration> waits = new ArrayList<>();
  private final S3ConditionalPuts puts = new S3ConditionalPuts(s3, "s3a", "http://127.0.0.1:9000",
      new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(1000)), waits::add);

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  @Test
  void createsAnAbsentKeyAfterCheckingOnceThatTheEndpointHonoursTheCondition() throws Exception {
    puts.putIfAbsent("bucket", KEY, bytes("commit 1\n"));
    puts.putIfAbsent("bucket", "t/_delta_log/00000000000000000002.json", bytes("commit 2\n"));

    assertThat(s3.objects).containsOnlyKeys("bucket/" + KEY, "bucket/t/_delta_log/00000000000000000002.json");
    assertThat(s3.objects.get("bucket/" + KEY)).isEqualTo(bytes("commit 1\n"));
    assertThat(s3.requests).hasSize(5);
    assertThat(s3.requests.subList(0, 3)).allSatisfy(r -> assertThat(r).matches(
        "(PUT-IF-ABSENT|DELETE) bucket/t/_delta_log/" + S3ConditionalPuts.PROBE_PREFIX.replace(".", "\\.") + "[-0-9a-f]{36}"));
    assertThat(s3.requests.subList(3, 5)).containsExactly("PUT-IF-ABSENT bucket/" + KEY,
        "PUT-IF-ABSENT bucket/t/_delta_log/00000000000000000002.json");
  }

  @Test
  void anExistingKeyWithOtherContentIsFileAlreadyExists() throws Exception {
    puts.putIfAbsent("bucket", KEY, bytes("the other writer's commit\n"));

    assertThatThrownBy(() -> puts.putIfAbsent("bucket", KEY, bytes("this writer's commit\n")))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessage("s3a://bucket/" + KEY);
    assertThat(s3.objects.get("bucket/" + KEY)).isEqualTo(bytes("the other writer's commit\n"));
  }

  @Test
  void aRefusalOfThisWritersOwnEarlierAttemptCountsAsDone() throws Exception {
    puts.putIfAbsent("bucket", "t/_delta_log/00000000000000000000.json", bytes("commit 0\n")); // probe done
    s3.createsWhoseAnswerIsLost = 1;

    puts.putIfAbsent("bucket", KEY, bytes("commit 1\n"));

    assertThat(s3.objects.get("bucket/" + KEY)).isEqualTo(bytes("commit 1\n"));
    assertThat(s3.requests).endsWith("PUT-IF-ABSENT bucket/" + KEY, "GET bucket/" + KEY);
  }

  @Test
  void conflictsWithAnotherWriteInFlightAreRetriedWithBackoff() throws Exception {
    puts.putIfAbsent("bucket", "t/_delta_log/00000000000000000000.json", bytes("commit 0\n"));
    s3.conflictsToAnswer = 2;

    puts.putIfAbsent("bucket", KEY, bytes("commit 1\n"));

    assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(s3.objects.get("bucket/" + KEY)).isEqualTo(bytes("commit 1\n"));
  }

  @Test
  void conflictsBeyondTheLastAttemptFail() throws Exception {
    puts.putIfAbsent("bucket", "t/_delta_log/00000000000000000000.json", bytes("commit 0\n"));
    s3.conflictsToAnswer = 3;

    assertThatThrownBy(() -> puts.putIfAbsent("bucket", KEY, bytes("commit 1\n")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("PUT s3a://bucket/" + KEY + " failed: ConditionalRequestConflict (fake)")
        .hasMessageEndingWith(". Check the fs.s3a.* endpoint and credentials, and that the bucket exists");
    assertThat(waits).hasSize(2);
    assertThat(s3.objects).doesNotContainKey("bucket/" + KEY);
  }

  @Test
  void anEndpointThatIgnoresTheConditionIsRefusedBeforeAnyCommit() {
    s3.conditions = FakeS3.Conditions.IGNORED;

    assertThatThrownBy(() -> puts.putIfAbsent("bucket", KEY, bytes("commit 1\n")))
        .isInstanceOf(IOException.class)
        .hasMessageMatching("the S3 endpoint http://127\\.0\\.0\\.1:9000 ignores If-None-Match: \\* on PUT: it created the"
            + " probe object s3a://bucket/t/_delta_log/\\.mbt-put-if-absent-probe-[-0-9a-f]{36} twice, so concurrent"
            + " Delta commits would silently replace each other\\. Use an endpoint with conditional writes \\(AWS S3,"
            + " MinIO, S3Proxy 4 on filesystem-nio2 or transient-nio2\\), or another LogStore"
            + " \\(spark\\.delta\\.logStore\\.s3a\\.impl\\) with a single writer");
    assertThat(s3.objects).as("the probe is deleted, the commit never written").isEmpty();
  }

  @Test
  void anEndpointWithoutConditionalWritesIsRefused() {
    s3.conditions = FakeS3.Conditions.NOT_IMPLEMENTED;

    assertThatThrownBy(() -> puts.putIfAbsent("bucket", KEY, bytes("commit 1\n")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("the S3 endpoint http://127.0.0.1:9000 does not implement conditional writes"
            + " (If-None-Match: * on PUT s3a://bucket/t/_delta_log/.mbt-put-if-absent-probe-")
        .hasMessageEndingWith(" was answered 501), so ExclusiveS3LogStore cannot create Delta commits exclusively."
            + " Use an endpoint with conditional writes (AWS S3, MinIO, S3Proxy 4 on filesystem-nio2 or"
            + " transient-nio2), or another LogStore (spark.delta.logStore.s3a.impl) with a single writer");
    assertThat(s3.objects).isEmpty();
  }

  @Test
  void overwritesArePlainPuts() throws Exception {
    puts.put("bucket", "t/_delta_log/_last_checkpoint", bytes("{\"version\":10}\n"));
    puts.put("bucket", "t/_delta_log/_last_checkpoint", bytes("{\"version\":20}\n"));

    assertThat(s3.objects.get("bucket/t/_delta_log/_last_checkpoint")).isEqualTo(bytes("{\"version\":20}\n"));
    assertThat(s3.requests).containsExactly("PUT bucket/t/_delta_log/_last_checkpoint", "PUT bucket/t/_delta_log/_last_checkpoint");
  }
}
