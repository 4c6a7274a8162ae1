package io.mbt.steps.api;

/** How an artifact is stored, so any process can read it back. */
public enum ArtifactKind {
  /** A Delta table. */
  TABLE,
  /** A Spark ML model directory (PipelineModel or a framework's model), written with its MLWriter. */
  MODEL,
  /** A JSON document. */
  JSON,
  /** A directory of files (plots, leaderboards). */
  FILES,
  /** A table rebuilt on read from a stored source by a {@link TableRecipe}; nothing is written. */
  TABLE_VIEW,
  /**
   * A table its producing {@link DerivingStep} rebuilds on read from that step's own stored inputs;
   * nothing is written. The record's recipe names the output ({@code <step>.<output>}).
   */
  DERIVED_TABLE
}
