package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** Feature selection methods. */
public enum SelectionMethod implements YamlEnum {
  IMPORTANCE("lgbm_importance", "tree_importance"),
  VARIANCE_THRESHOLD(),
  CORRELATION_FILTER(),
  UNIVARIATE();

  private final List<String> aliases;

  SelectionMethod(String... aliases) {
    this.aliases = List.of(aliases);
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  @JsonCreator
  public static SelectionMethod fromYaml(String text) {
    return YamlEnum.parse(SelectionMethod.class, text);
  }
}
