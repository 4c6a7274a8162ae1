package io.mbt.compiler.error;

import java.util.Objects;

/**
 * A place in a source file: 1-based line and column. {@link #UNKNOWN} when a value has no source
 * (a default, or a value built in code).
 */
public record Location(String file, int line, int column) {
  public static final Location UNKNOWN = new Location("<unknown>", 0, 0);

  public Location {
    Objects.requireNonNull(file, "file is null");
  }

  public boolean isKnown() {
    return line > 0;
  }

  /** {@code file:line:column}, the form editors and terminals turn into links. */
  @Override
  public String toString() {
    return isKnown() ? file + ":" + line + ":" + column : file;
  }
}
