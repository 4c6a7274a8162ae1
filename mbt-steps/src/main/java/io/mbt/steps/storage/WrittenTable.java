package io.mbt.steps.storage;

import static java.util.Objects.requireNonNull;

/**
 * A Delta table as one write left it: where it is and the table version that write committed.
 * {@code (uri, version)} names the written data exactly, so it is what digests record.
 */
public record WrittenTable(String uri, long version) {
  public WrittenTable {
    requireNonNull(uri, "uri is null");
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, but was: " + version);
    }
  }
}
