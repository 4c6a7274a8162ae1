package io.mbt.steps.api;

import java.util.Objects;
import java.util.Optional;

/**
 * How a table view is rebuilt from stored artifacts instead of being written out: the source
 * table (an input reference of the producing step), then optionally a fitted Spark ML model
 * applied to it and a SQL filter. Views are as recoverable as written tables (their sources and
 * models are stored) but cost no write — transform steps and splits use them so MBT adds little
 * I/O over the same steps hand-written in Spark.
 */
public record TableRecipe(String sourceRef, String sourceUri, Optional<String> modelUri, Optional<String> filter) {
  public TableRecipe {
    Objects.requireNonNull(sourceRef, "sourceRef is null");
    Objects.requireNonNull(sourceUri, "sourceUri is null");
    Objects.requireNonNull(modelUri, "modelUri is null");
    Objects.requireNonNull(filter, "filter is null");
  }
}
