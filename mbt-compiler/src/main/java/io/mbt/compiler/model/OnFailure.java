package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** What a failed validation check does. */
public enum OnFailure implements YamlEnum {
  FAIL(),
  WARN(),
  SKIP_ROW();

  private final List<String> aliases;

  OnFailure(String... aliases) {
    this.aliases = List.of(aliases);
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  @JsonCreator
  public static OnFailure fromYaml(String text) {
    return YamlEnum.parse(OnFailure.class, text);
  }
}
