package io.mbt.steps.connector;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Typed reads of a connector's config map (JSON values), failing with the key and the expectation. */
final class ConnectorConfig {
  private final String connector;
  private final Map<String, Object> values;

  ConnectorConfig(String connector, Map<String, Object> values) {
    this.connector = connector;
    this.values = values == null ? Map.of() : values;
  }

  Optional<String> string(String key) {
    Object v = values.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Map<?, ?> || v instanceof Iterable<?>) {
      throw ConnectorErrors.badConfig(connector, key, v, "a string");
    }
    String s = String.valueOf(v);
    return s.isBlank() ? Optional.empty() : Optional.of(s);
  }

  String requiredString(String key) {
    return string(key).orElseThrow(() -> ConnectorErrors.badConfig(connector, key, null, "set"));
  }

  Optional<Integer> positiveInt(String key) {
    Object v = values.get(key);
    if (v == null) {
      return Optional.empty();
    }
    try {
      int i = v instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(v).trim());
      if (i >= 1) {
        return Optional.of(i);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ConnectorErrors.badConfig(connector, key, v, "an integer >= 1");
  }

  /** A map of string values (Spark reader options take strings: {@code true} becomes "true"). */
  Map<String, String> stringMap(String key) {
    Object v = values.get(key);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> map)) {
      throw ConnectorErrors.badConfig(connector, key, v, "a mapping");
    }
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, value) -> out.put(String.valueOf(k), String.valueOf(value)));
    return out;
  }
}
