package io.mbt.compiler.yaml;

import io.mbt.compiler.error.Location;

/** Finds where a dotted path ({@code training.model_training.config.max_depth}) is written. */
public final class YPaths {
  private YPaths() {}

  /** The location of the deepest existing node on {@code path}: a key's own position when it exists. */
  public static Location locate(YNode root, String path) {
    YNode node = root;
    Location best = root.location();
    if (path.isEmpty()) {
      return best;
    }
    for (String part : path.split("\\.")) {
      if (node instanceof YMap map && map.entries().containsKey(part)) {
        YEntry entry = map.entries().get(part);
        best = entry.keyLocation();
        node = entry.value();
      } else {
        break;
      }
    }
    return best;
  }
}
