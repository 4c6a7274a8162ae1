package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** Training or serving. */
public enum PipelineType implements YamlEnum {
  TRAINING(),
  SERVING();

  private final List<String> aliases;

  PipelineType(String... aliases) {
    this.aliases = List.of(aliases);
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  @JsonCreator
  public static PipelineType fromYaml(String text) {
    return YamlEnum.parse(PipelineType.class, text);
  }
}
