package io.mbt.mf.ledger;

/**
 * A run's application-transaction version in the ledger: the lease epoch in the high 32 bits, the
 * holder's sequence in the low 32. Delta commits a write with an application id only if no
 * concurrent commit carried the same id, and the ledger writes only above the recorded version of
 * the writer's own epoch: so one number gives claim (epoch 1), takeover (epoch + 1) and fencing (a
 * holder whose epoch is no longer the recorded one cannot write).
 */
record LeaseVersion(long epoch, long sequence) {
  static final long NONE = -1;

  LeaseVersion {
    if (epoch < 1 || epoch > Integer.MAX_VALUE || sequence < 0 || sequence > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("lease version out of range: epoch " + epoch + ", sequence " + sequence);
    }
  }

  static LeaseVersion of(long encoded) {
    return new LeaseVersion(encoded >>> 32, encoded & 0xFFFF_FFFFL);
  }

  long encoded() {
    return (epoch << 32) | sequence;
  }

  LeaseVersion next() {
    return new LeaseVersion(epoch, sequence + 1);
  }
}
