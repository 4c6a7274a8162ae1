package io.mbt.steps.storage;

import io.mbt.steps.StepsErrors;
import io.mbt.steps.config.ConfigKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Bounded exponential backoff for storage operations: attempt {@code n} (from 1) that fails waits
 * {@code min(maxBackoff, initialBackoff * 2^(n-1))} before attempt {@code n+1}, up to {@code
 * maxAttempts} attempts in all.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialBackoff wait after the first failure, not negative
 * @param maxBackoff the longest wait, at least {@code initialBackoff}
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public static final ConfigKey<Integer> MAX_ATTEMPTS =
      ConfigKey.integer(
          "mbt.storage.retry.max_attempts", 5, 1,
          "Attempts in all for one storage operation; 1 disables retries.");
  public static final ConfigKey<Long> INITIAL_BACKOFF_MS =
      ConfigKey.longInteger(
          "mbt.storage.retry.initial_backoff_ms", 200L, 0L,
          "Wait in milliseconds after the first failed attempt; doubles per attempt.");
  public static final ConfigKey<Long> MAX_BACKOFF_MS =
      ConfigKey.longInteger(
          "mbt.storage.retry.max_backoff_ms", 10_000L, 0L,
          "Longest wait in milliseconds between two attempts.");

  /** Every key {@link #fromConf} reads. */
  public static final List<ConfigKey<?>> KEYS =
      List.of(MAX_ATTEMPTS, INITIAL_BACKOFF_MS, MAX_BACKOFF_MS);

  public static final RetryPolicy DEFAULT = fromConf(Map.of());

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, but was: " + maxAttempts);
    }
    if (initialBackoff == null || initialBackoff.isNegative()) {
      throw new IllegalArgumentException(
          "initialBackoff must be >= 0, but was: " + initialBackoff);
    }
    if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be >= initialBackoff (" + initialBackoff + "), but was: " + maxBackoff);
    }
  }

  /** No retries: for tests and for callers that retry at a higher level. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** Reads the policy from configuration keys ({@link #KEYS}); absent keys take their defaults. */
  public static RetryPolicy fromConf(Map<String, String> conf) {
    long initial = INITIAL_BACKOFF_MS.read(conf);
    long max = MAX_BACKOFF_MS.read(conf);
    if (max < initial) {
      throw StepsErrors.invalidConfigValue(
          MAX_BACKOFF_MS.key(), Long.toString(max),
          ">= " + INITIAL_BACKOFF_MS.key() + " (" + initial + ")");
    }
    return new RetryPolicy(
        MAX_ATTEMPTS.read(conf), Duration.ofMillis(initial), Duration.ofMillis(max));
  }

  /** The wait after failed attempt {@code attempt} (1-based). */
  public Duration backoff(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, but was: " + attempt);
    }
    Duration wait = initialBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
