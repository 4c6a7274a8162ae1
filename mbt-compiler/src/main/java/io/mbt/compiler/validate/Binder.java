package io.mbt.compiler.validate;

import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.error.Problems;
import io.mbt.compiler.yaml.YNode;

/** The state of one binding pass: where problems go. */
public final class Binder {
  private final Problems problems;

  public Binder(Problems problems) {
    this.problems = problems;
  }

  public Problems problems() {
    return problems;
  }

  public <T> T bind(YNode node, Shape<T> shape) {
    return shape.bind(node, "", this);
  }

  public void error(ErrorCode code, Location location, String path, String message, String hint) {
    problems.error(code, location, path, message, hint);
  }

  public void warning(ErrorCode code, Location location, String path, String message, String hint) {
    problems.warning(code, location, path, message, hint);
  }

  public void wrongType(YNode node, String path, String expected) {
    problems.error(ErrorCode.WRONG_TYPE, node.location(), path, "expected " + expected + ", found " + node.describe(),
        "write " + expected + " here");
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }
}
