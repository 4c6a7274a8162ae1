package io.mbt.steps.connector;

import static java.util.Objects.requireNonNull;

/**
 * A Delta table as of one version: what {@code mbt dataset pin} records and a pinned run checks.
 *
 * @param location the table's directory (a URI)
 * @param version a version of the table
 * @param tableId the table's Delta id ({@code metadata.id}); a table dropped and re-created under
 *     the same name gets a new one
 */
public record DeltaTableVersion(String location, long version, String tableId) {
  public DeltaTableVersion {
    requireNonNull(location, "location is null");
    requireNonNull(tableId, "tableId is null");
    if (version < 0) {
      throw new IllegalArgumentException("a Delta version must be >= 0, but was: " + version);
    }
  }
}
