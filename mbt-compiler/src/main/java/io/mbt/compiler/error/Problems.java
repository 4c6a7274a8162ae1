package io.mbt.compiler.error;

import java.util.ArrayList;
import java.util.List;

/** Collects problems across a compilation phase so all of them are reported together. */
public final class Problems {
  private final List<CompileProblem> items = new ArrayList<>();

  public void add(CompileProblem problem) {
    items.add(problem);
  }

  public void addAll(List<CompileProblem> problems) {
    items.addAll(problems);
  }

  public void error(ErrorCode code, Location location, String yamlPath, String message, String hint) {
    items.add(CompileProblem.error(code, location, yamlPath, message, hint));
  }

  public void warning(ErrorCode code, Location location, String yamlPath, String message, String hint) {
    items.add(CompileProblem.warning(code, location, yamlPath, message, hint));
  }

  public int errorCount() {
    return (int) items.stream().filter(CompileProblem::isError).count();
  }

  public boolean hasErrors() {
    return errorCount() > 0;
  }

  public List<CompileProblem> all() {
    return List.copyOf(items);
  }

  public List<CompileProblem> warnings() {
    return items.stream().filter(p -> !p.isError()).toList();
  }

  /** Stops the phase if anything went wrong, carrying warnings along with the errors. */
  public void throwIfErrors() {
    if (hasErrors()) {
      throw new CompileException(all());
    }
  }
}
