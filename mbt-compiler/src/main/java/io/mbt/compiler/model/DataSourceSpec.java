package io.mbt.compiler.model;

import java.util.List;
import java.util.Optional;

/**
 * {@code training.data_source}. Either {@code data_windows} (time-based split on the partition
 * key) or {@code split} (random/stratified) decides the test set; never both.
 */
public record DataSourceSpec(
    String labelTable,
    List<FeatureTable> featureTables,
    Optional<TrainingWindows> dataWindows,
    Optional<SplitSpec> split,
    Optional<Long> minRows) {

  public DataSourceSpec {
    featureTables = List.copyOf(featureTables);
  }
}
