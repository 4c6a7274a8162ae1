package io.mbt.steps.output;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Where one run's predictions go.
 *
 * @param path a Hadoop URI (relative paths already resolved against the project), if the output names one
 * @param table a catalog table name, if the output names one
 * @param executionDate the date whose rows this write replaces
 * @param partitionBy extra partition columns, after {@link #DATE_COLUMN}
 */
public record OutputTarget(Optional<String> path, Optional<String> table, LocalDate executionDate, List<String> partitionBy) {
  /** The column every published row carries and writes replace by. */
  public static final String DATE_COLUMN = "execution_date";

  public OutputTarget {
    requireNonNull(path, "path is null");
    requireNonNull(table, "table is null");
    requireNonNull(executionDate, "executionDate is null");
    partitionBy = List.copyOf(partitionBy);
    if (path.isEmpty() == table.isEmpty()) {
      throw new IllegalArgumentException("an output names a path or a table, exactly one");
    }
  }

  /** The path or table, for messages. */
  public String describe() {
    return path.orElseGet(table::orElseThrow);
  }
}
