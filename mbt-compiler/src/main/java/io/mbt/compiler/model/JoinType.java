package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** How a feature table joins the base table. */
public enum JoinType implements YamlEnum {
  INNER(),
  LEFT(),
  RIGHT(),
  FULL("outer", "full_outer");

  private final List<String> aliases;

  JoinType(String... aliases) {
    this.aliases = List.of(aliases);
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  @JsonCreator
  public static JoinType fromYaml(String text) {
    return YamlEnum.parse(JoinType.class, text);
  }
}
