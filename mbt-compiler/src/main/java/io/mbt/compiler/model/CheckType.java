package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** The data validation checks (blueprint 11.1, plus label_leakage). */
public enum CheckType implements YamlEnum {
  NULL_THRESHOLD(),
  VALUE_RANGE(),
  EXPECTED_COLUMNS(),
  UNIQUE_KEY(),
  TYPE_CHECK(),
  DISTRIBUTION_DRIFT(),
  CUSTOM(),
  LABEL_LEAKAGE();

  private final List<String> aliases;

  CheckType(String... aliases) {
    this.aliases = List.of(aliases);
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  @JsonCreator
  public static CheckType fromYaml(String text) {
    return YamlEnum.parse(CheckType.class, text);
  }
}
