package io.mbt.steps.validation;

import java.util.Locale;

/** How a check ended, after its {@code on_failure} policy was applied. */
public enum CheckStatus {
  PASSED,
  /** Failed with {@code on_failure: warn}: logged, the run goes on. */
  WARNED,
  /** Failed with {@code on_failure: skip_row}: the failing rows were removed. */
  ROWS_SKIPPED,
  /** Failed with {@code on_failure: fail}: the step fails. */
  FAILED;

  /** The name in run results: {@code passed}, {@code warned}, {@code rows_skipped}, {@code failed}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
