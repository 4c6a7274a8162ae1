package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** Granularity of a data window. */
public enum TimeUnit implements YamlEnum {
  DAY("days"),
  WEEK("weeks"),
  MONTH("months"),
  QUARTER("quarters");

  private final List<String> aliases;

  TimeUnit(String... aliases) {
    this.aliases = List.of(aliases);
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  @JsonCreator
  public static TimeUnit fromYaml(String text) {
    return YamlEnum.parse(TimeUnit.class, text);
  }
}
