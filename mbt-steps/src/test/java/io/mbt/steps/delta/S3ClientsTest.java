package io.mbt.steps.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.steps.storage.RetryPolicy;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class S3ClientsTest {
  @Test
  void conflictRetryDefaults() {
    assertThat(S3Clients.conflictRetry(new Configuration(false)))
        .isEqualTo(new RetryPolicy(5, Duration.ofMillis(50), Duration.ofMillis(1000)));
  }

  @Test
  void conflictRetryReadsEveryKey() {
    Configuration conf = new Configuration(false);
    conf.set("mbt.delta.s3.conflict.max_attempts", "2");
    conf.set("mbt.delta.s3.conflict.initial_backoff_ms", "10");
    conf.set("mbt.delta.s3.conflict.max_backoff_ms", "40");

    assertThat(S3Clients.conflictRetry(conf)).isEqualTo(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(40)));
    assertThat(S3Clients.KEYS).extracting(k -> k.key()).containsExactlyInAnyOrder("mbt.delta.s3.conflict.max_attempts",
        "mbt.delta.s3.conflict.initial_backoff_ms", "mbt.delta.s3.conflict.max_backoff_ms");
  }

  @Test
  void invalidConflictRetryValuesNameTheKey() {
    Configuration zero = new Configuration(false);
    zero.set("mbt.delta.s3.conflict.max_attempts", "0");
    Configuration inverted = new Configuration(false);
    inverted.set("mbt.delta.s3.conflict.initial_backoff_ms", "500");
    inverted.set("mbt.delta.s3.conflict.max_backoff_ms", "100");

    assertThatThrownBy(() -> S3Clients.conflictRetry(zero))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mbt.delta.s3.conflict.max_attempts must be an integer >= 1, but was: '0'");
    assertThatThrownBy(() -> S3Clients.conflictRetry(inverted))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mbt.delta.s3.conflict.max_backoff_ms must be >= mbt.delta.s3.conflict.initial_backoff_ms (500),"
            + " but was: '100'");
  }
}
