package io.mbt.compiler.yaml;

import io.mbt.compiler.error.Location;

/**
 * A YAML value that remembers where it came from, so every error can point at a file, line and
 * column even after base pipelines and includes were merged.
 */
public sealed interface YNode permits YMap, YSeq, YScalar, YInclude {
  Location location();

  /** A short human word for error messages: "a mapping", "a list", "a string '…'". */
  String describe();

  /** This value as plain Java: {@code Map}, {@code List}, {@code String}, {@code Long}, {@code Double}, {@code Boolean} or null. */
  Object toPlain();
}
