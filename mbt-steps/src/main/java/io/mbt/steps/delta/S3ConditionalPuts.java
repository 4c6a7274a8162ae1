package io.mbt.steps.delta;

import static java.util.Objects.requireNonNull;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PutObjectRequest;
import com.amazonaws.services.s3.model.S3Object;
import io.mbt.steps.StepsErrors;
import io.mbt.steps.storage.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

/**
 * PUTs to one S3 endpoint, unconditional or with {@code If-None-Match: *} (create only if absent).
 *
 * <p>A conditional PUT answered 412 means the key exists; if its content is the content being
 * written, the earlier attempt was this writer's own (the SDK retries a PUT whose answer was lost),
 * so the write counts as done. A 409 (another conditional write to the key in flight) is retried
 * under the given policy. Before its first conditional PUT, it checks once that the endpoint honours
 * the condition (a server that ignores it would let every writer "win").
 */
final class S3ConditionalPuts {

  /** Waits between attempts; tests pass one that records instead of sleeping. */
  @FunctionalInterface
  interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
  }

  static final String PROBE_PREFIX = ".mbt-put-if-absent-probe-";

  private final AmazonS3 s3;
  private final String scheme;
  private final String endpoint;
  private final RetryPolicy conflictRetry;
  private final Sleeper sleeper;
  private volatile boolean conditionVerified;

  /**
   * @param scheme the URI scheme of the paths written (s3a), for messages
   * @param endpoint the endpoint as configured, for messages ("" for AWS's default)
   */
  S3ConditionalPuts(AmazonS3 s3, String scheme, String endpoint, RetryPolicy conflictRetry, Sleeper sleeper) {
    this.s3 = requireNonNull(s3, "s3 is null");
    this.scheme = requireNonNull(scheme, "scheme is null");
    this.endpoint = requireNonNull(endpoint, "endpoint is null");
    this.conflictRetry = requireNonNull(conflictRetry, "conflictRetry is null");
    this.sleeper = requireNonNull(sleeper, "sleeper is null");
  }

  /** Writes {@code content} under {@code key}, replacing what is there (S3 PUTs are atomic). */
  void put(String bucket, String key, byte[] content) throws IOException {
    try {
      s3.putObject(request(bucket, key, content));
    } catch (AmazonServiceException e) {
      throw StepsErrors.s3RequestFailed("PUT", uri(bucket, key), e);
    }
  }

  /**
   * Writes {@code content} under {@code key} only if no object has that key.
   *
   * @throws FileAlreadyExistsException if the key exists with other content
   * @throws IOException if the endpoint ignores or refuses conditional PUTs, or the PUT fails
   */
  void putIfAbsent(String bucket, String key, byte[] content) throws IOException {
    verifyCondition(bucket, parentOf(key));
    if (!conditionalPut(bucket, key, content) && !Arrays.equals(read(bucket, key), content)) {
      throw new FileAlreadyExistsException(uri(bucket, key));
    }
  }

  /** Whether the object was created: false on 412 (the key exists). */
  private boolean conditionalPut(String bucket, String key, byte[] content) throws IOException {
    for (int attempt = 1; ; attempt++) {
      PutObjectRequest request = request(bucket, key, content);
      request.putCustomRequestHeader("If-None-Match", "*");
      try {
        s3.putObject(request);
        return true;
      } catch (AmazonServiceException e) {
        if (e.getStatusCode() == 412) {
          return false;
        }
        if (e.getStatusCode() == 501) {
          throw StepsErrors.conditionalPutNotImplemented(endpoint, uri(bucket, key), e);
        }
        if (e.getStatusCode() != 409 || attempt >= conflictRetry.maxAttempts()) {
          throw StepsErrors.s3RequestFailed("PUT", uri(bucket, key), e);
        }
      }
      try {
        sleeper.sleep(conflictRetry.backoff(attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while retrying the PUT of " + uri(bucket, key));
      }
    }
  }

  /**
   * Creates a probe object twice with {@code If-None-Match: *}: the second must be refused. Runs
   * once per instance; the probe lives next to the first conditional write and is deleted.
   */
  private void verifyCondition(String bucket, String directoryKey) throws IOException {
    if (conditionVerified) {
      return;
    }
    synchronized (this) {
      if (conditionVerified) {
        return;
      }
      String probe = directoryKey + PROBE_PREFIX + UUID.randomUUID();
      byte[] content = new byte[0];
      try {
        if (!conditionalPut(bucket, probe, content)) {
          throw StepsErrors.conditionalPutIgnored(endpoint, uri(bucket, probe));
        }
        if (conditionalPut(bucket, probe, content)) {
          throw StepsErrors.conditionalPutIgnored(endpoint, uri(bucket, probe));
        }
      } finally {
        try {
          s3.deleteObject(bucket, probe);
        } catch (AmazonServiceException ignored) {
          // A leftover probe is an empty object under a name Delta does not read.
        }
      }
      conditionVerified = true;
    }
  }

  private byte[] read(String bucket, String key) throws IOException {
    try (S3Object object = s3.getObject(bucket, key); InputStream in = object.getObjectContent()) {
      return in.readAllBytes();
    } catch (AmazonServiceException e) {
      throw StepsErrors.s3RequestFailed("GET", uri(bucket, key), e);
    }
  }

  private static PutObjectRequest request(String bucket, String key, byte[] content) {
    ObjectMetadata metadata = new ObjectMetadata();
    metadata.setContentLength(content.length);
    metadata.setContentType("application/octet-stream");
    return new PutObjectRequest(bucket, key, new ByteArrayInputStream(content), metadata);
  }

  private static String parentOf(String key) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? "" : key.substring(0, slash + 1);
  }

  private String uri(String bucket, String key) {
    return scheme + "://" + bucket + "/" + key;
  }
}
