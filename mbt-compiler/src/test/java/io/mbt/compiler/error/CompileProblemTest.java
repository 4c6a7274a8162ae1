package io.mbt.compiler.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompileProblemTest {
  private static final String NL = System.lineSeparator();

  @Test
  void formatsFileLineColumnCodePathMessageAndHint() {
    CompileProblem p = CompileProblem.error(ErrorCode.UNKNOWN_KEY, new Location("pipelines/churn.yaml", 42, 7),
        "training.model_training.config.max_depht", "unknown parameter 'max_depht' (did you mean 'max_depth'?)", "valid parameters: max_depth");

    assertThat(p.format()).isEqualTo("pipelines/churn.yaml:42:7: error[MBT206]: training.model_training.config.max_depht: "
        + "unknown parameter 'max_depht' (did you mean 'max_depth'?)" + NL + "    hint: valid parameters: max_depth");
    assertThat(p.toString()).isEqualTo(p.format());
  }

  @Test
  void leavesOutAnEmptyPathAndHint() {
    CompileProblem p = CompileProblem.warning(ErrorCode.DEPRECATED_SCHEMA_VERSION, new Location("a.yaml", 1, 1), "", "old", "");

    assertThat(p.format()).isEqualTo("a.yaml:1:1: warning[MBT203]: old");
    assertThat(p.isError()).isFalse();
  }

  @Test
  void printsOnlyTheFileWhenTheLineIsUnknown() {
    assertThat(new Location("profiles.yaml", 0, 0)).hasToString("profiles.yaml");
    assertThat(new Location("profiles.yaml", 0, 0).isKnown()).isFalse();
    assertThat(new Location("profiles.yaml", 3, 5)).hasToString("profiles.yaml:3:5");
  }

  @Test
  void rejectsMissingParts() {
    assertThatThrownBy(() -> CompileProblem.error(ErrorCode.INTERNAL, null, "", "m", ""))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("location is null");
    assertThatThrownBy(() -> new Location(null, 1, 1)).isInstanceOf(NullPointerException.class).hasMessage("file is null");
  }

  @Test
  void exceptionMessageListsEveryProblemAndCountsErrors() {
    CompileProblem first = CompileProblem.error(ErrorCode.MISSING_REQUIRED, new Location("p.yaml", 2, 1), "project", "missing", "");
    CompileProblem second = CompileProblem.error(ErrorCode.WRONG_TYPE, new Location("p.yaml", 5, 3), "training", "wrong", "");
    CompileProblem warning = CompileProblem.warning(ErrorCode.DEPRECATED_SCHEMA_VERSION, new Location("p.yaml", 1, 1), "", "old", "");

    CompileException e = new CompileException(List.of(first, warning, second));

    assertThat(e.getMessage()).isEqualTo(first.format() + NL + warning.format() + NL + second.format() + NL + "2 errors");
    assertThat(e.problems()).containsExactly(first, warning, second);
    assertThat(e.errors()).containsExactly(first, second);
    assertThat(new CompileException(first).getMessage()).endsWith(NL + "1 error");
  }

  @Test
  void problemsThrowOnlyWhenThereIsAnError() {
    Problems problems = new Problems();
    problems.warning(ErrorCode.DEPRECATED_SCHEMA_VERSION, new Location("p.yaml", 1, 1), "", "old", "");
    problems.throwIfErrors();
    problems.error(ErrorCode.WRONG_TYPE, new Location("p.yaml", 3, 1), "x", "bad", "");

    assertThatThrownBy(problems::throwIfErrors)
        .isInstanceOf(CompileException.class)
        .hasMessageContaining("p.yaml:1:1: warning[MBT203]: old")
        .hasMessageContaining("p.yaml:3:1: error[MBT205]: x: bad")
        .hasMessageEndingWith("1 error");
  }
}
