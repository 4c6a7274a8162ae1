package io.mbt.mf.ledger;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The answer to a claim: this caller now holds the run ({@link #lease} present), or another
 * claim exists and this caller holds nothing.
 */
public record Claim(String trainRunId, Optional<Lease> lease) {
  public Claim {
    requireNonNull(trainRunId, "trainRunId is null");
    requireNonNull(lease, "lease is null");
  }

  public boolean won() {
    return lease.isPresent();
  }
}
