package io.mbt.steps.delta;

import static java.util.Objects.requireNonNull;

import io.mbt.steps.StepsErrors;
import java.net.URI;

/**
 * Which Delta {@code LogStore} serves a table, and whether it gives mutual exclusion across
 * processes: whether two processes committing the same version at once are guaranteed that exactly
 * one succeeds (the other retries at the next version) rather than both "succeeding" with one
 * commit silently lost.
 *
 * @param table the table URI, with the default file system's scheme when it had none
 * @param scheme the table's URI scheme, lower case
 * @param logStoreClass the LogStore class Delta uses for the table
 * @param source where that choice comes from: a configuration key such as {@code
 *     spark.delta.logStore.s3a.impl}, or {@code Delta's default for scheme s3a}
 * @param multiWriterSafe whether the store excludes concurrent writers across processes (or refuses
 *     to write where it cannot)
 * @param reason why, as a clause that completes "the LogStore …", e.g. "excludes concurrent writers
 *     only within one Spark driver"
 */
public record LogStoreSafety(
    URI table, String scheme, String logStoreClass, String source, boolean multiWriterSafe, String reason) {

  public LogStoreSafety {
    requireNonNull(table, "table is null");
    requireNonNull(scheme, "scheme is null");
    requireNonNull(logStoreClass, "logStoreClass is null");
    requireNonNull(source, "source is null");
    requireNonNull(reason, "reason is null");
  }

  /**
   * Returns normally if the store is {@link #multiWriterSafe}.
   *
   * @param subject what the table is, for the message, e.g. {@code "the Model Factory ledger"}
   * @throws UnsafeLogStoreException if it is not, saying which store, why, and which key to set
   */
  public void requireMultiWriterSafe(String subject) {
    if (!multiWriterSafe) {
      throw StepsErrors.singleWriterLogStore(subject, this);
    }
  }
}
