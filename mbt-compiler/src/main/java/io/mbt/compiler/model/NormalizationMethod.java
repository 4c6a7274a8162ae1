package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** Feature scaling method. */
public enum NormalizationMethod implements YamlEnum {
  STANDARD_SCALER("standard"),
  MIN_MAX_SCALER("min_max"),
  ROBUST_SCALER("robust");

  private final List<String> aliases;

  NormalizationMethod(String... aliases) {
    this.aliases = List.of(aliases);
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  @JsonCreator
  public static NormalizationMethod fromYaml(String text) {
    return YamlEnum.parse(NormalizationMethod.class, text);
  }
}
