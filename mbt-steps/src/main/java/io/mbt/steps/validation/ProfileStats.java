package io.mbt.steps.validation;

import java.util.Map;
import java.util.Optional;

/**
 * What the profiling passes measured: the data profile, and each measured feature's association
 * with the label (for {@code label_leakage}).
 */
record ProfileStats(DataProfile profile, Map<String, Association> associations) {
  /** A feature's association with the label: which statistic, and its value in [0, 1]. */
  record Association(String statistic, double value) {}

  Optional<Association> association(String column) {
    return Optional.ofNullable(associations.get(column));
  }
}
