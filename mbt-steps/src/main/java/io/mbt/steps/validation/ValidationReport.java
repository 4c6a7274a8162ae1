package io.mbt.steps.validation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The outcome of validating a data set: every check's result in the order configured, the data
 * profile, and which rows {@code skip_row} checks remove.
 *
 * @param rowsToDrop rows failing a {@code skip_row} check; empty if none applies
 */
public record ValidationReport(long rowsBefore, List<CheckResult> results, DataProfile profile, Optional<Column> rowsToDrop) {
  public ValidationReport {
    results = List.copyOf(results);
    requireNonNull(profile, "profile is null");
    requireNonNull(rowsToDrop, "rowsToDrop is null");
  }

  public long count(CheckStatus status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  /** The checks that fail the step. */
  public List<CheckResult> failures() {
    return results.stream().filter(r -> r.status() == CheckStatus.FAILED).toList();
  }

  /** {@code data} without the rows {@code skip_row} checks removed (lazy). */
  public Dataset<Row> apply(Dataset<Row> data) {
    return keep().map(data::filter).orElse(data);
  }

  /** The rows to keep as a SQL condition (for a filtered table view), if {@code skip_row} removes any. */
  public Optional<String> keepCondition() {
    return keep().map(c -> c.expr().sql());
  }

  private Optional<Column> keep() {
    return rowsToDrop.map(drop -> functions.not(functions.coalesce(drop, functions.lit(false))));
  }
}
