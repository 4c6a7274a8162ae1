package io.mbt.steps.delta;

import static java.util.Objects.requireNonNull;

/**
 * A table that several processes may write is served by a Delta LogStore that does not exclude
 * concurrent writers across processes (see {@link LogStoreSafety#requireMultiWriterSafe}).
 */
public final class UnsafeLogStoreException extends IllegalStateException {
  private final transient LogStoreSafety safety;

  public UnsafeLogStoreException(String message, LogStoreSafety safety) {
    super(message);
    this.safety = requireNonNull(safety, "safety is null");
  }

  /** The store and the reason it was refused. */
  public LogStoreSafety safety() {
    return safety;
  }
}
