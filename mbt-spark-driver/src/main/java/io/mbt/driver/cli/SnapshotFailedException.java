package io.mbt.driver.cli;

/** An artifact snapshot could not be taken at compile time; the message says why and how to fix it. */
final class SnapshotFailedException extends RuntimeException {
  SnapshotFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
