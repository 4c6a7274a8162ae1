package io.mbt.steps.storage;

import static java.util.Objects.requireNonNull;

import io.mbt.steps.StepsErrors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileSystemException;
import java.time.Duration;

/** Runs storage actions under a {@link RetryPolicy}, retrying transient IOExceptions only. */
final class Retrier {

  /** Waits between attempts; tests pass one that records instead of sleeping. */
  @FunctionalInterface
  interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
  }

  @FunctionalInterface
  interface IoAction<T> {
    T run() throws IOException;
  }

  private final RetryPolicy policy;
  private final Sleeper sleeper;

  Retrier(RetryPolicy policy, Sleeper sleeper) {
    this.policy = requireNonNull(policy, "policy is null");
    this.sleeper = requireNonNull(sleeper, "sleeper is null");
  }

  <T> T call(String operation, String uri, IoAction<T> action) {
    for (int attempt = 1; ; attempt++) {
      try {
        return action.run();
      } catch (IOException e) {
        if (!isTransient(e) || attempt >= policy.maxAttempts()) {
          throw StepsErrors.storageFailed(operation, uri, attempt, e);
        }
        try {
          sleeper.sleep(policy.backoff(attempt));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw StepsErrors.storageInterrupted(operation, uri);
        }
      }
    }
  }

  /**
   * Missing files, permissions and existing targets do not heal by waiting (s3a maps HTTP 404 and
   * 403 to FileNotFoundException and AccessDeniedException); neither does an interrupt.
   */
  static boolean isTransient(IOException e) {
    return !(e instanceof FileNotFoundException
        || e instanceof FileSystemException
        || e instanceof InterruptedIOException
        || e instanceof org.apache.hadoop.fs.FileAlreadyExistsException
        || e instanceof org.apache.hadoop.security.AccessControlException);
  }
}
