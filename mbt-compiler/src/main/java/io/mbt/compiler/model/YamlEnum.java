package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/** An enum written in YAML and JSON by a lower-case name, with optional accepted aliases. */
public interface YamlEnum {
  @JsonValue
  default String yamlName() {
    return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
  }

  default List<String> aliases() {
    return List.of();
  }

  /** Finds a constant by YAML name or alias; for reading manifests. */
  static <E extends Enum<E> & YamlEnum> E parse(Class<E> type, String text) {
    for (E value : type.getEnumConstants()) {
      if (value.yamlName().equals(text) || value.aliases().contains(text)) {
        return value;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a valid " + type.getSimpleName());
  }
}
