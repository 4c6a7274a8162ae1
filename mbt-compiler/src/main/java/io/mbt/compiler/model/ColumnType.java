package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** Column types for schema casts and type checks (Spark SQL names). */
public enum ColumnType implements YamlEnum {
  STRING(),
  INT("integer"),
  LONG("bigint"),
  DOUBLE(),
  FLOAT(),
  BOOLEAN("bool"),
  DATE(),
  TIMESTAMP(),
  DECIMAL();

  private final List<String> aliases;

  ColumnType(String... aliases) {
    this.aliases = List.of(aliases);
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  @JsonCreator
  public static ColumnType fromYaml(String text) {
    return YamlEnum.parse(ColumnType.class, text);
  }
}
