package io.mbt.compiler.model;

import java.util.List;
import java.util.Optional;

/** {@code training.feature_selection}: methods applied in order, fitted on the train set. */
public record FeatureSelectionSpec(boolean enabled, List<Method> methods) {
  public FeatureSelectionSpec {
    methods = List.copyOf(methods);
  }

  /**
   * @param threshold importance: cumulative share kept (0–1]; variance_threshold: minimum variance;
   *     correlation_filter: maximum absolute correlation between two kept features; univariate: p-value
   * @param topK univariate: keep this many features instead of a p-value threshold
   */
  public record Method(SelectionMethod name, Optional<Double> threshold, Optional<Integer> topK) {}
}
