package io.mbt.compiler.error;

/** How bad a problem is: errors stop compilation, warnings are reported and compilation goes on. */
public enum Severity {
  ERROR,
  WARNING
}
