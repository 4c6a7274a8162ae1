package io.mbt.compiler.resolve;

import io.mbt.compiler.yaml.YEntry;
import io.mbt.compiler.yaml.YMap;
import io.mbt.compiler.yaml.YNode;
import io.mbt.compiler.yaml.YScalar;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The composition rule of base pipelines: mappings merge recursively; scalars and lists in the
 * child replace the parent's; an explicit {@code null} in the child removes the inherited key.
 * Every value keeps the location of the file it came from.
 */
public final class DeepMerge {
  private DeepMerge() {}

  public static YNode merge(YNode parent, YNode child) {
    if (parent instanceof YMap p && child instanceof YMap c) {
      Map<String, YEntry> out = new LinkedHashMap<>(p.entries());
      for (YEntry entry : c.entries().values()) {
        YEntry inherited = out.get(entry.key());
        if (entry.value() instanceof YScalar s && s.isNull()) {
          out.remove(entry.key());
        } else if (inherited != null) {
          out.put(entry.key(), new YEntry(entry.key(), entry.keyLocation(), merge(inherited.value(), entry.value())));
        } else {
          out.put(entry.key(), entry);
        }
      }
      return new YMap(c.location(), out);
    }
    return child;
  }
}
