package io.mbt.steps.storage;

/** A storage operation failed for good: retries, if any, are exhausted. */
public class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
