package io.mbt.compiler.yaml;

import io.mbt.compiler.error.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A YAML sequence. */
public record YSeq(Location location, List<YNode> items) implements YNode {
  public YSeq {
    Objects.requireNonNull(location, "location is null");
    items = List.copyOf(items);
  }

  @Override
  public String describe() {
    return "a list";
  }

  @Override
  public Object toPlain() {
    List<Object> out = new ArrayList<>(items.size());
    for (YNode item : items) {
      out.add(item.toPlain());
    }
    return out;
  }
}
