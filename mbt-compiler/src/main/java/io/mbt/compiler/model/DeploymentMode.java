package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** How a pipeline's model is used. */
public enum DeploymentMode implements YamlEnum {
  BATCH(),
  REALTIME();

  private final List<String> aliases;

  DeploymentMode(String... aliases) {
    this.aliases = List.of(aliases);
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  @JsonCreator
  public static DeploymentMode fromYaml(String text) {
    return YamlEnum.parse(DeploymentMode.class, text);
  }
}
