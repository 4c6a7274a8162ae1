package io.mbt.steps.delta;

import io.mbt.steps.StepsErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;

/**
 * A Delta {@code LogStore} for S3 ({@code s3a://}) that excludes concurrent writers across
 * processes and clusters, with S3 conditional writes instead of DynamoDB.
 *
 * <p>Delta's default on S3 ({@code S3SingleDriverLogStore}) excludes writers only within one Spark
 * driver. This store PUTs each commit with {@code If-None-Match: *}: S3 creates the object only if
 * the key is absent and answers 412 otherwise, which this store reports as {@link
 * FileAlreadyExistsException}, so Delta checks for conflicts and retries at the next version. An
 * S3 PUT is atomic: readers never see a partial commit. {@code overwrite=true} writes (Delta's
 * {@code _last_checkpoint}) are plain PUTs. Reading and listing go through the S3A file system.
 *
 * <p>The PUTs use an AWS SDK v1 client built by S3A's own client factory from the file system's
 * {@code fs.s3a.*} settings (per-bucket ones included): endpoint, path-style access, credentials
 * providers, SSL, proxy, signer. Server-side encryption headers ({@code fs.s3a.encryption.*}) are
 * not sent: a bucket that requires them in the request refuses these PUTs (default bucket
 * encryption works). Before its first conditional write to a bucket, the store checks that the
 * endpoint refuses a second create of the same key; an endpoint that ignores the condition (older
 * S3-compatible servers) or does not implement it fails the write with an {@link IOException}
 * saying so, never falling back to an unconditional PUT.
 *
 * <p>A 409 answer (another conditional write of the same key in flight) is retried with bounded
 * backoff: {@code mbt.delta.s3.conflict.max_attempts} (default 5), {@code
 * mbt.delta.s3.conflict.initial_backoff_ms} (50), {@code mbt.delta.s3.conflict.max_backoff_ms}
 * (1000), read from the Hadoop configuration ({@code spark.hadoop.} prefix in Spark).
 *
 * <p>Enable it with {@code spark.delta.logStore.s3a.impl=io.mbt.steps.delta.ExclusiveS3LogStore};
 * it needs S3 (since August 2024) or an S3-compatible server with conditional writes (S3Proxy 4 on
 * its nio2 back ends, MinIO).
 */
public final class ExclusiveS3LogStore extends io.delta.storage.HadoopFileSystemLogStore {

  // One SDK client per S3A file system instance (Hadoop caches those per bucket and user).
  private final Map<S3AFileSystem, S3ConditionalPuts> puts = Collections.synchronizedMap(new WeakHashMap<>());

  /** Delta constructs LogStores reflectively with this signature. */
  public ExclusiveS3LogStore(Configuration hadoopConf) {
    super(hadoopConf);
  }

  /**
   * Writes {@code actions}, one per line, to {@code path} in one PUT.
   *
   * @throws FileAlreadyExistsException if {@code overwrite} is false and an object with other
   *     content exists under {@code path}, including when another writer created it first
   * @throws IOException if the path is not served by S3A, the endpoint ignores or refuses
   *     conditional writes, or the PUT fails; nothing partial is visible under {@code path}
   */
  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration hadoopConf)
      throws IOException {
    FileSystem fs = path.getFileSystem(hadoopConf);
    if (!(fs instanceof S3AFileSystem s3a)) {
      throw StepsErrors.notAnS3AFileSystem(path.toString(), fs.getClass().getName());
    }
    String key = s3a.pathToKey(s3a.makeQualified(path));
    byte[] content = LogLines.bytes(actions);
    S3ConditionalPuts client = clientFor(s3a);
    if (overwrite) {
      client.put(s3a.getBucket(), key, content);
    } else {
      client.putIfAbsent(s3a.getBucket(), key, content);
    }
  }

  /** An S3 PUT becomes visible whole, so Delta may write checkpoints in place. */
  @Override
  public Boolean isPartialWriteVisible(Path path, Configuration hadoopConf) {
    return false;
  }

  private S3ConditionalPuts clientFor(S3AFileSystem fs) throws IOException {
    try {
      return puts.computeIfAbsent(fs, created -> {
        try {
          return S3Clients.conditionalPuts(created);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
