package io.mbt.compiler.validate;

import io.mbt.compiler.yaml.YNode;

/**
 * How to read one kind of YAML value into a Java value, checking it on the way. A shape records
 * every problem in the {@link Binder} and returns null for a value it could not read, so one
 * pass reports all problems of a file.
 */
@FunctionalInterface
public interface Shape<T> {
  T bind(YNode node, String path, Binder binder);

  /** What the user should have written, for "expected …" messages. */
  default String expected() {
    return "a value";
  }

  /** A copy of this shape with another description. */
  default Shape<T> describedAs(String description) {
    Shape<T> self = this;
    return new Shape<>() {
      @Override
      public T bind(YNode node, String path, Binder binder) {
        return self.bind(node, path, binder);
      }

      @Override
      public String expected() {
        return description;
      }
    };
  }
}
