package io.mbt.steps.validation;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;

/**
 * What one check found before its policy is applied.
 *
 * @param failingRows for a failed row-level check, the rows {@code skip_row} removes
 */
record Finding(boolean passed, List<String> columns, String message, Optional<Column> failingRows) {
  static Finding pass(List<String> columns, String message) {
    return new Finding(true, columns, message, Optional.empty());
  }

  static Finding fail(List<String> columns, String message) {
    return new Finding(false, columns, message, Optional.empty());
  }

  static Finding failRows(List<String> columns, String message, Column failingRows) {
    return new Finding(false, columns, message, Optional.of(failingRows));
  }
}
