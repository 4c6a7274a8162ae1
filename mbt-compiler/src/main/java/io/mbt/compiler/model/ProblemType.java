package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** What a pipeline predicts; drives metrics, splitting and framework validation. */
public enum ProblemType implements YamlEnum {
  BINARY_CLASSIFICATION("binary"),
  MULTICLASS_CLASSIFICATION("multiclass"),
  REGRESSION();

  private final List<String> aliases;

  ProblemType(String... aliases) {
    this.aliases = List.of(aliases);
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  public boolean isClassification() {
    return this != REGRESSION;
  }

  @JsonCreator
  public static ProblemType fromYaml(String text) {
    return YamlEnum.parse(ProblemType.class, text);
  }
}
