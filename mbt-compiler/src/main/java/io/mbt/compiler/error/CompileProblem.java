package io.mbt.compiler.error;

import java.util.Objects;

/**
 * One problem found while compiling: what is wrong, where (file position and YAML path), and how
 * to fix it.
 *
 * @param yamlPath dotted path inside the document, e.g. {@code training.model_training.config.max_depth};
 *     empty when the problem concerns a whole file
 * @param hint how to fix it, or empty
 */
public record CompileProblem(
    ErrorCode code, Severity severity, Location location, String yamlPath, String message, String hint) {

  public CompileProblem {
    Objects.requireNonNull(code, "code is null");
    Objects.requireNonNull(severity, "severity is null");
    Objects.requireNonNull(location, "location is null");
    Objects.requireNonNull(yamlPath, "yamlPath is null");
    Objects.requireNonNull(message, "message is null");
    Objects.requireNonNull(hint, "hint is null");
  }

  public static CompileProblem error(ErrorCode code, Location location, String yamlPath, String message, String hint) {
    return new CompileProblem(code, Severity.ERROR, location, yamlPath, message, hint);
  }

  public static CompileProblem warning(ErrorCode code, Location location, String yamlPath, String message, String hint) {
    return new CompileProblem(code, Severity.WARNING, location, yamlPath, message, hint);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * {@code file:line:col: error[MBT206]: training.model_training.config.max_depht: unknown parameter
   * 'max_depht' (did you mean 'max_depth'?)}, with the hint on its own indented line.
   */
  public String format() {
    StringBuilder out = new StringBuilder();
    out.append(location).append(": ").append(severity == Severity.ERROR ? "error" : "warning");
    out.append('[').append(code.id()).append("]: ");
    if (!yamlPath.isEmpty()) {
      out.append(yamlPath).append(": ");
    }
    out.append(message);
    if (!hint.isEmpty()) {
      out.append(System.lineSeparator()).append("    hint: ").append(hint);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
