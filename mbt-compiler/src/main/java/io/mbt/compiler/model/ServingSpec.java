package io.mbt.compiler.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code serving:} — a batch scoring pipeline resolved from one training run. */
public record ServingSpec(
    ModelSource modelSource, ScoringSource dataSource, Output output, List<CustomStepSpec> customSteps, Map<String, Resources> stepResources) {
  public ServingSpec {
    customSteps = List.copyOf(customSteps);
    stepResources = Map.copyOf(stepResources);
  }

  /**
   * Which trained model to use: a {@code run_id}, or an {@code alias} moved by {@code mbt registry
   * promote}. {@code registry} empty means the target's default registry.
   */
  public record ModelSource(
      Optional<String> registry, Optional<String> runId, Optional<String> alias, boolean artifactSnapshot, Optional<String> fallbackRunId) {}

  /** @param lookbackWindow empty: score every row of the table */
  public record ScoringSource(String scoringTable, Optional<String> partitionKey, Optional<Window> lookbackWindow) {}

  /** Where predictions go, through an output writer adapter. */
  public record Output(
      String destination,
      Optional<String> table,
      Optional<String> path,
      OutputColumns columns,
      List<String> includeColumns,
      List<String> partitionBy) {
    public Output {
      includeColumns = List.copyOf(includeColumns);
      partitionBy = List.copyOf(partitionBy);
    }
  }

  /**
   * Output column names. {@code label} (and {@code threshold}) only for classification; the
   * prediction column holds the positive-class probability for binary problems.
   */
  public record OutputColumns(String prediction, Optional<String> label, double threshold) {}
}
