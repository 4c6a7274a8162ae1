package io.mbt.compiler.yaml;

import io.mbt.compiler.error.Location;
import java.util.Objects;

/** An unresolved {@code !include path} directive; resolution replaces it with the file's content. */
public record YInclude(Location location, String path) implements YNode {
  public YInclude {
    Objects.requireNonNull(location, "location is null");
    Objects.requireNonNull(path, "path is null");
  }

  @Override
  public String describe() {
    return "an unresolved !include of '" + path + "'";
  }

  @Override
  public Object toPlain() {
    throw new IllegalStateException("!include " + path + " at " + location + " was not resolved");
  }
}
