package io.mbt.steps.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.steps.config.ConfigKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void defaultsAreFiveAttemptsFrom200MillisecondsUpTo10Seconds() {
    assertThat(RetryPolicy.DEFAULT)
        .isEqualTo(new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10)));
    assertThat(RetryPolicy.KEYS).extracting(ConfigKey::key).containsExactly(
        "mbt.storage.retry.max_attempts",
        "mbt.storage.retry.initial_backoff_ms",
        "mbt.storage.retry.max_backoff_ms");
  }

  @Test
  void readsEveryKey() {
    RetryPolicy policy =
        RetryPolicy.fromConf(
            Map.of(
                "mbt.storage.retry.max_attempts", "3",
                "mbt.storage.retry.initial_backoff_ms", "50",
                "mbt.storage.retry.max_backoff_ms", "400"));

    assertThat(policy).isEqualTo(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(400)));
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(500));

    assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.backoff(4)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.backoff(60)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void rejectsMaximumBackoffBelowInitialBackoff() {
    assertThatThrownBy(
            () -> RetryPolicy.fromConf(
                Map.of(
                    "mbt.storage.retry.initial_backoff_ms", "500",
                    "mbt.storage.retry.max_backoff_ms", "100")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "mbt.storage.retry.max_backoff_ms must be >= mbt.storage.retry.initial_backoff_ms"
                + " (500), but was: '100'");
  }

  @Test
  void rejectsZeroAttempts() {
    assertThatThrownBy(() -> RetryPolicy.fromConf(Map.of("mbt.storage.retry.max_attempts", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mbt.storage.retry.max_attempts must be an integer >= 1, but was: '0'");
  }
}
