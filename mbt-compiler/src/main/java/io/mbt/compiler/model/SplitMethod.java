package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** How a data set without a time partition is split into train and test. */
public enum SplitMethod implements YamlEnum {
  RANDOM(),
  STRATIFIED();

  private final List<String> aliases;

  SplitMethod(String... aliases) {
    this.aliases = List.of(aliases);
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  @JsonCreator
  public static SplitMethod fromYaml(String text) {
    return YamlEnum.parse(SplitMethod.class, text);
  }
}
