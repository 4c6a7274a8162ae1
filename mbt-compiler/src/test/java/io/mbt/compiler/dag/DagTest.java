package io.mbt.compiler.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.model.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DagTest {
  private static final Location ORIGIN = new Location("pipelines/p.yaml", 1, 1);

  private static PlannedStep step(String name, String... parents) {
    return new PlannedStep(name, "test.Plugin", Map.of(), Resources.none(), List.of(), List.of("out"), List.of(parents), true, ORIGIN);
  }

  @Test
  void putsTheBranchesOfADiamondInOneBatch() {
    Dag dag = Dag.of(List.of(step("a"), step("b", "a"), step("c", "a"), step("d", "b", "c")));

    assertThat(dag.executionBatches()).containsExactly(List.of("a"), List.of("b", "c"), List.of("d"));
    assertThat(dag.parentMap()).containsExactly(
        Map.entry("a", List.of()), Map.entry("b", List.of("a")), Map.entry("c", List.of("a")), Map.entry("d", List.of("b", "c")));
    assertThat(dag.stepNames()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void keepsPlannedOrderInsideABatchAndOrdersStepsByBatch() {
    Dag dag = Dag.of(List.of(step("d", "c", "b"), step("c", "a"), step("b", "a"), step("a")));

    assertThat(dag.executionBatches()).containsExactly(List.of("a"), List.of("c", "b"), List.of("d"));
    assertThat(dag.stepNames()).containsExactly("a", "c", "b", "d");
  }

  @Test
  void startsIndependentStepsTogether() {
    Dag dag = Dag.of(List.of(step("load_a"), step("load_b"), step("join", "load_a", "load_b"), step("late", "load_a")));

    assertThat(dag.executionBatches()).containsExactly(List.of("load_a", "load_b"), List.of("join", "late"));
  }

  @Test
  void dropsRepeatedParents() {
    Dag dag = Dag.of(List.of(step("a"), step("b", "a", "a")));

    assertThat(dag.parentMap().get("b")).containsExactly("a");
    assertThat(dag.steps().get(1).dependsOn()).containsExactly("a");
  }

  @Test
  void namesTheStepsOnACycle() {
    CompileException e = catchThrowableOfType(CompileException.class,
        () -> Dag.of(List.of(step("a", "c"), step("b", "a"), step("c", "b"))));

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.DAG_CYCLE));
    assertThat(e).hasMessageStartingWith("pipelines/p.yaml:1:1: error[MBT501]: the steps form a cycle: a -> b -> c -> a")
        .hasMessageContaining("hint: remove one of these dependencies");
  }

  @Test
  void namesOnlyTheCycleNotTheStepsAroundIt() {
    CompileException e = catchThrowableOfType(CompileException.class,
        () -> Dag.of(List.of(step("x"), step("a", "x", "b"), step("b", "a"), step("after", "a"))));

    assertThat(e).hasMessageContaining("the steps form a cycle: a -> b -> a").hasMessageNotContaining("after ->");
  }

  @Test
  void rejectsAParentThatIsNotAStepWithASuggestion() {
    CompileException e = catchThrowableOfType(CompileException.class, () -> Dag.of(List.of(step("train_model"), step("audit", "trian_model"))));

    assertThat(e).hasMessageContaining(
        "error[MBT502]: step 'audit' depends on 'trian_model', which is not a step of this pipeline (did you mean 'train_model'?)");
  }

  @Test
  void rejectsTwoStepsWithOneName() {
    CompileException e = catchThrowableOfType(CompileException.class, () -> Dag.of(List.of(step("a"), step("a"))));

    assertThat(e).hasMessageContaining("two steps are named 'a'");
  }
}
