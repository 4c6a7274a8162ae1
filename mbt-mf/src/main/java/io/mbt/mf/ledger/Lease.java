package io.mbt.mf.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The right to append a run's receipts: held by {@code holder} at {@code epoch} until it is taken
 * over. Appends under a lease that was taken over fail with {@link LeaseLostException}.
 *
 * @param ttl how long the lease lasts past the holder's last receipt; holders renew it well before
 */
public record Lease(String trainRunId, String holder, long epoch, Duration ttl) {
  public Lease {
    requireNonNull(trainRunId, "trainRunId is null");
    requireNonNull(holder, "holder is null");
    requireNonNull(ttl, "ttl is null");
    if (epoch < 1) {
      throw new IllegalArgumentException("lease epoch must be >= 1, but was: " + epoch);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease ttl must be > 0, but was: " + ttl);
    }
  }
}
