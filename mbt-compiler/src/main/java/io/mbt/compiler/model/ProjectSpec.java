package io.mbt.compiler.model;

import java.util.List;
import java.util.Optional;

/** {@code project:} — who owns the pipeline and what it predicts. */
public record ProjectSpec(
    String name,
    String experimentName,
    Optional<String> owner,
    ProblemType problemType,
    List<String> tags,
    Optional<String> description) {

  public ProjectSpec {
    tags = List.copyOf(tags);
  }
}
