package io.mbt.mf.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a ledger is opened.
 *
 * @param singleWriter the user declares that only one process ever writes this ledger, so a
 *     LogStore without mutual exclusion across processes (Delta's default on S3) is acceptable
 * @param conflictRetries how often an append whose commit lost to a concurrent commit of the same
 *     run by the same holder (e.g. its heartbeat) is tried again
 * @param conflictBackoff the first pause between those tries (doubled each time)
 */
public record LedgerOptions(boolean singleWriter, int conflictRetries, Duration conflictBackoff) {
  public LedgerOptions {
    requireNonNull(conflictBackoff, "conflictBackoff is null");
    if (conflictRetries < 0) {
      throw new IllegalArgumentException("conflictRetries must be >= 0, but was: " + conflictRetries);
    }
  }

  public static LedgerOptions defaults() {
    return new LedgerOptions(false, 8, Duration.ofMillis(20));
  }

  public LedgerOptions withSingleWriter(boolean singleWriter) {
    return new LedgerOptions(singleWriter, conflictRetries, conflictBackoff);
  }
}
