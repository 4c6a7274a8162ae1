package io.mbt.mf.ledger;

/**
 * The ledger could not be read or written. The ledger is the truth plane: the Model Factory fails
 * closed on this (nothing proceeds without its receipt); retrying the request later resumes.
 */
public final class LedgerUnavailableException extends RuntimeException {
  public LedgerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public LedgerUnavailableException(String message) {
    super(message);
  }
}
