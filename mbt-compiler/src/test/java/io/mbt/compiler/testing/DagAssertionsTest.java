package io.mbt.compiler.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.fixtures.Pipelines;
import io.mbt.compiler.fixtures.TestProject;
import io.mbt.compiler.manifest.Manifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mbt test}: DAG assertion files and their checks. */
class DagAssertionsTest {
  private static final Location AT = new Location("tests/p.test.yaml", 3, 5);

  @TempDir
  static Path dir;
  static Manifest manifest;

  @BeforeAll
  static void compile() {
    TestProject project = TestProject.in(dir).pipeline("p", Pipelines.fullTraining("p")
        .replace("    encoding:\n      enabled: true\n", "    encoding:\n      enabled: false\n"));
    manifest = project.compile("p").manifest();
  }

  private static DagAssertions.Outcome check(DagAssertion assertion) {
    return DagAssertions.check(manifest, List.of(assertion)).get(0);
  }

  @Test
  void passesForPresentAndAbsentSteps() {
    assertThat(check(new DagAssertion.StepExists("train_model", AT)).passed()).isTrue();
    assertThat(check(new DagAssertion.StepAbsent("encode", AT)).passed()).isTrue();
  }

  @Test
  void failsForAMissingStepListingTheSteps() {
    DagAssertions.Outcome outcome = check(new DagAssertion.StepExists("encode", AT));

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.message()).startsWith("step 'encode' is not in the DAG; steps: [load_data, join_tables, validate_data, split_data");
  }

  @Test
  void failsForAStepThatShouldBeAbsent() {
    DagAssertions.Outcome outcome = check(new DagAssertion.StepAbsent("normalize", AT));

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.message()).isEqualTo("step 'normalize' is in the DAG");
  }

  @Test
  void checksStepOrderByBatch() {
    assertThat(check(new DagAssertion.StepOrder("normalize", "train_model", AT)).passed()).isTrue();

    DagAssertions.Outcome reversed = check(new DagAssertion.StepOrder("train_model", "normalize", AT));
    assertThat(reversed.passed()).isFalse();
    assertThat(reversed.message()).matches("'train_model' runs in batch \\d+, not before 'normalize' \\(batch \\d+\\)");

    DagAssertions.Outcome missing = check(new DagAssertion.StepOrder("encode", "train_model", AT));
    assertThat(missing.passed()).isFalse();
    assertThat(missing.message()).startsWith("step 'encode' is not in the DAG");
  }

  @Test
  void checksStepCountBounds() {
    int n = manifest.steps().size();

    assertThat(check(new DagAssertion.StepCount(Optional.of((long) n), Optional.of((long) n), AT)).passed()).isTrue();
    assertThat(check(new DagAssertion.StepCount(Optional.of(5L), Optional.empty(), AT)).passed()).isTrue();
    DagAssertions.Outcome tooMany = check(new DagAssertion.StepCount(Optional.empty(), Optional.of(5L), AT));
    assertThat(tooMany.passed()).isFalse();
    assertThat(tooMany.message()).startsWith("the DAG has " + n + " steps: [load_data, ");
  }

  @Test
  void checksResourceLimits() {
    assertThat(check(new DagAssertion.ResourceLimit("train_model", Optional.of("64Gi"), Optional.of("16"), AT)).passed()).isTrue();
    assertThat(check(new DagAssertion.ResourceLimit("train_model", Optional.of("32768Mi"), Optional.of("8000m"), AT)).passed()).isTrue();

    DagAssertions.Outcome over = check(new DagAssertion.ResourceLimit("train_model", Optional.of("16Gi"), Optional.of("4"), AT));
    assertThat(over.passed()).isFalse();
    assertThat(over.message()).isEqualTo("memory 32Gi exceeds 16Gi; cpu 8 exceeds 4");

    DagAssertions.Outcome unknown = check(new DagAssertion.ResourceLimit("train", Optional.of("1Gi"), Optional.empty(), AT));
    assertThat(unknown.passed()).isFalse();
    assertThat(unknown.message()).startsWith("step 'train' is not in the DAG");
  }

  @Test
  void keepsOneOutcomePerAssertionInOrder() {
    List<DagAssertion> assertions = List.of(new DagAssertion.StepExists("evaluate", AT), new DagAssertion.StepAbsent("evaluate", AT));

    assertThat(DagAssertions.check(manifest, assertions)).extracting(DagAssertions.Outcome::passed).containsExactly(true, false);
  }

  @Test
  void readsATestFile() {
    TestProject project = TestProject.in(dir.resolve("read")).write("tests/p.test.yaml", """
        pipeline: p
        assertions:
          - {type: step_exists, step: train_model}
          - {type: step_absent, step: encode}
          - {type: step_order, before: normalize, after: train_model}
          - {type: step_count, equals: 10}
          - {type: step_count, min: 5, max: 12}
          - {type: resource_limit, step: train_model, memory_max: "64Gi"}
        """);

    DagTestFile file = DagTestFile.read(project.root().resolve("tests/p.test.yaml"), "tests/p.test.yaml");

    assertThat(file.pipeline()).isEqualTo("p");
    assertThat(file.assertions()).hasSize(6);
    assertThat(file.assertions().get(3)).isEqualTo(new DagAssertion.StepCount(Optional.of(10L), Optional.of(10L), new Location("tests/p.test.yaml", 6, 5)));
    assertThat(file.assertions()).extracting(DagAssertion::describe).containsExactly("step_exists train_model", "step_absent encode",
        "step_order normalize before train_model", "step_count >= 10 and <= 10", "step_count >= 5 and <= 12", "resource_limit train_model memory <= 64Gi");
    assertThat(DagAssertions.check(manifest, file.assertions())).allMatch(DagAssertions.Outcome::passed);
  }

  @Test
  void rejectsAnUnknownAssertionTypeWithASuggestion() {
    TestProject project = TestProject.in(dir.resolve("bad")).write("tests/p.test.yaml", """
        pipeline: p
        assertions:
          - {type: step_exist, step: train_model}
          - {type: step_count}
          - {type: resource_limit, step: train_model}
        """);

    assertThatThrownBy(() -> DagTestFile.read(project.root().resolve("tests/p.test.yaml"), "tests/p.test.yaml"))
        .isInstanceOf(CompileException.class)
        .hasMessageContaining("tests/p.test.yaml:3:12: error[MBT207]: assertions[0].type: 'step_exist' is not a valid value (did you mean 'step_exists'?)")
        .hasMessageContaining("error[MBT204]: assertions[1].min: step_count needs min, max or equals")
        .hasMessageContaining("error[MBT204]: assertions[2].step: resource_limit needs memory_max or cpu_max")
        .hasMessageEndingWith("3 errors");
  }

  @Test
  void rejectsATestFileWithoutAssertions() {
    TestProject project = TestProject.in(dir.resolve("empty")).write("tests/p.test.yaml", "pipeline: p\nassertions: []\n");

    assertThatThrownBy(() -> DagTestFile.read(project.root().resolve("tests/p.test.yaml"), "tests/p.test.yaml"))
        .isInstanceOf(CompileException.class)
        .hasMessageContaining("tests/p.test.yaml:2:13: error[MBT207]: assertions: must not be an empty list");
  }
}
