package io.mbt.steps.api;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Delta versions a run must read its source tables at, as {@code mbt dataset pin} recorded
 * them: per table (named as the manifest's {@code load_data} config names it), a version and the
 * table's Delta id ({@code metadata.id}), which changes when a table is dropped and re-created under
 * the same name. A run given pins reads every source as of its pinned version and fails with a
 * {@link SourcePinException} when it cannot (a table not pinned, re-created, or its version gone);
 * it never falls back to the current data.
 *
 * @param tables pins by table name; may be empty, which pins nothing and so refuses every source
 */
public record SourcePins(Map<String, Pin> tables) {
  public SourcePins {
    requireNonNull(tables, "tables is null");
    tables.forEach((table, pin) -> {
      requireNonNull(table, "a table name is null");
      if (table.isBlank()) {
        throw new IllegalArgumentException("a pinned table name must not be blank");
      }
      requireNonNull(pin, "the pin of table '" + table + "' is null");
    });
    tables = java.util.Collections.unmodifiableMap(new TreeMap<>(tables));
  }

  /** Pins {@code tables}. */
  public static SourcePins of(Map<String, Pin> tables) {
    return new SourcePins(tables);
  }

  /** The pin of {@code table}, if it has one. */
  public Optional<Pin> pin(String table) {
    return Optional.ofNullable(tables.get(table));
  }

  /**
   * One table's pin.
   *
   * @param version the Delta version to read, at least 0
   * @param tableId the Delta table id the version belongs to
   */
  public record Pin(long version, String tableId) {
    public Pin {
      if (version < 0) {
        throw new IllegalArgumentException("a pinned Delta version must be >= 0, but was: " + version);
      }
      requireNonNull(tableId, "tableId is null");
      if (tableId.isBlank()) {
        throw new IllegalArgumentException("a pinned Delta table id must not be blank");
      }
    }
  }
}
