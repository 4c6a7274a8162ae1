package io.mbt.steps.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final Retrier retrier =
      new Retrier(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(25)), sleeper);

  @Test
  void retriesTransientFailuresWithBackoffUntilSuccess() {
    AtomicInteger calls = new AtomicInteger();

    String result = retrier.call("read", "file:/x", () -> {
      if (calls.incrementAndGet() < 3) {
        throw new IOException("connection reset");
      }
      return "ok";
    });

    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(3);
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
  }

  @Test
  void givesUpAfterMaxAttemptsNamingOperationUriAndCause() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> retrier.call("write", "s3a://bucket/run/step/a", () -> {
          calls.incrementAndGet();
          throw new IOException("503 Slow Down");
        }))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith(
            "write s3a://bucket/run/step/a failed after 4 attempts: java.io.IOException: 503 Slow"
                + " Down. Check that the storage root is reachable")
        .hasMessageContaining("raise mbt.storage.retry.max_attempts")
        .hasCauseInstanceOf(IOException.class);
    assertThat(calls).hasValue(4);
    assertThat(sleeper.waits)
        .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(25));
  }

  @Test
  void doesNotRetryMissingFilesOrDeniedAccess() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> retrier.call("read", "file:/x", () -> {
          calls.incrementAndGet();
          throw new FileNotFoundException("/x");
        }))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("read file:/x failed after 1 attempt: ");
    assertThatThrownBy(() -> retrier.call("read", "file:/x", () -> {
          calls.incrementAndGet();
          throw new AccessDeniedException("/x");
        }))
        .isInstanceOf(StorageException.class);
    assertThat(calls).hasValue(2);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void stopsWhenInterruptedWhileWaitingAndKeepsTheInterrupt() {
    Retrier interrupted =
        new Retrier(RetryPolicy.DEFAULT, duration -> {
          throw new InterruptedException();
        });
    try {
      assertThatThrownBy(() -> interrupted.call("list", "file:/x", () -> {
            throw new IOException("timeout");
          }))
          .isInstanceOf(StorageException.class)
          .hasMessage("list file:/x was interrupted while waiting to retry");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
