package io.mbt.compiler.yaml;

import io.mbt.compiler.error.Location;
import java.util.Objects;

/** One key of a mapping: the key, where the key is written, and its value. */
public record YEntry(String key, Location keyLocation, YNode value) {
  public YEntry {
    Objects.requireNonNull(key, "key is null");
    Objects.requireNonNull(keyLocation, "keyLocation is null");
    Objects.requireNonNull(value, "value is null");
  }
}
