package io.mbt.compiler.model;

import java.util.List;

/** {@code training.validation}: checks and the default failure policy. */
public record ValidationSpec(OnFailure onFailure, List<CheckSpec> checks) {
  public ValidationSpec {
    checks = List.copyOf(checks);
  }
}
