package io.mbt.compiler.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Compilation failed. Carries every problem found (not just the first), errors and warnings, so
 * a user fixes a file in one round.
 */
public final class CompileException extends RuntimeException {
  private final List<CompileProblem> problems;

  public CompileException(List<CompileProblem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public CompileException(CompileProblem problem) {
    this(List.of(problem));
  }

  public List<CompileProblem> problems() {
    return problems;
  }

  public List<CompileProblem> errors() {
    return problems.stream().filter(CompileProblem::isError).toList();
  }

  private static String render(List<CompileProblem> problems) {
    long errors = problems.stream().filter(CompileProblem::isError).count();
    return problems.stream().map(CompileProblem::format).collect(Collectors.joining(System.lineSeparator()))
        + System.lineSeparator()
        + errors
        + (errors == 1 ? " error" : " errors");
  }
}
