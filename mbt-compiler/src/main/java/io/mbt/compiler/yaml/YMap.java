package io.mbt.compiler.yaml;

import io.mbt.compiler.error.Location;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A YAML mapping with string keys, in document order. */
public record YMap(Location location, Map<String, YEntry> entries) implements YNode {
  public YMap {
    Objects.requireNonNull(location, "location is null");
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  public static YMap empty(Location location) {
    return new YMap(location, Map.of());
  }

  public Optional<YNode> get(String key) {
    YEntry entry = entries.get(key);
    return entry == null ? Optional.empty() : Optional.of(entry.value());
  }

  public boolean has(String key) {
    return entries.containsKey(key);
  }

  public Set<String> keys() {
    return entries.keySet();
  }

  public YMap with(String key, YNode value) {
    Map<String, YEntry> copy = new LinkedHashMap<>(entries);
    YEntry old = copy.get(key);
    copy.put(key, new YEntry(key, old == null ? value.location() : old.keyLocation(), value));
    return new YMap(location, copy);
  }

  public YMap without(String key) {
    Map<String, YEntry> copy = new LinkedHashMap<>(entries);
    copy.remove(key);
    return new YMap(location, copy);
  }

  @Override
  public String describe() {
    return "a mapping";
  }

  @Override
  public Object toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    entries.forEach((k, e) -> out.put(k, e.value().toPlain()));
    return out;
  }
}
