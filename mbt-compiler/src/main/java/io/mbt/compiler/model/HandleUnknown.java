package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** What encoding does with a category not seen in training. */
public enum HandleUnknown implements YamlEnum {
  KEEP(),
  ERROR();

  private final List<String> aliases;

  HandleUnknown(String... aliases) {
    this.aliases = List.of(aliases);
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  @JsonCreator
  public static HandleUnknown fromYaml(String text) {
    return YamlEnum.parse(HandleUnknown.class, text);
  }
}
