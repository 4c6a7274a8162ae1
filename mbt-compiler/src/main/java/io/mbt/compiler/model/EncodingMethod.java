package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** Categorical encoding method. */
public enum EncodingMethod implements YamlEnum {
  ONE_HOT("onehot"),
  INDEX("label", "ordinal");

  private final List<String> aliases;

  EncodingMethod(String... aliases) {
    this.aliases = List.of(aliases);
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  @JsonCreator
  public static EncodingMethod fromYaml(String text) {
    return YamlEnum.parse(EncodingMethod.class, text);
  }
}
