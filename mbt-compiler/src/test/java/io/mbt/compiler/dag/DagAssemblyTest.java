package io.mbt.compiler.dag;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.fixtures.Pipelines;
import io.mbt.compiler.fixtures.TestProject;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestStep;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phase 4: which steps the YAML sections generate, and how they are wired. */
class DagAssemblyTest {
  @TempDir
  Path dir;
  TestProject project;

  @BeforeEach
  void setUp() {
    project = TestProject.in(dir);
  }

  private Manifest compile(String yaml) {
    project.pipeline("p", yaml);
    return project.compile("p").manifest();
  }

  private static List<String> order(Manifest m) {
    return m.dag().executionBatches().stream().flatMap(List::stream).toList();
  }

  @Test
  void buildsTheLinearDagOfAMinimalTrainingPipeline() {
    Manifest m = compile(Pipelines.training("p"));

    assertThat(m.steps().keySet()).containsExactly("load_data", "split_data", "train_model", "evaluate", "log_run");
    assertThat(m.dag().executionBatches()).containsExactly(
        List.of("load_data"), List.of("split_data"), List.of("train_model"), List.of("evaluate"), List.of("log_run"));
    assertThat(m.dag().parentMap()).containsExactly(
        Map.entry("load_data", List.of()),
        Map.entry("split_data", List.of("load_data")),
        Map.entry("train_model", List.of("split_data")),
        Map.entry("evaluate", List.of("train_model", "split_data")),
        Map.entry("log_run", List.of("train_model", "evaluate", "split_data")));
    ManifestStep split = m.step("split_data");
    assertThat(split.inputs()).containsExactly("load_data.raw_data");
    assertThat(split.outputs()).startsWith("train_set", "test_set");
    assertThat(m.step("evaluate").inputs()).startsWith("train_model.model", "split_data.test_set");
  }

  @Test
  void generatesEveryOptionalStepInBlueprintOrder() {
    Manifest m = compile(Pipelines.fullTraining("p"));

    assertThat(order(m)).containsExactly("load_data", "join_tables", "validate_data", "split_data", "custom_transforms", "encode",
        "normalize", "select_features", "train_model", "evaluate", "log_run");
    assertThat(m.dag().executionBatches()).allSatisfy(batch -> assertThat(batch).hasSize(1));
    assertThat(m.steps().keySet()).containsExactlyElementsOf(order(m));
    m.dag().parentMap().forEach((step, parents) -> {
      assertThat(m.step(step).dependsOn()).isEqualTo(parents);
      assertThat(parents).allSatisfy(parent -> assertThat(order(m).indexOf(parent)).isLessThan(order(m).indexOf(step)));
    });
  }

  @Test
  void loadsEachFeatureTableAndJoinsThemOnlyWhenThereAreSeveral() {
    Manifest joined = compile(Pipelines.fullTraining("p"));

    assertThat(joined.step("load_data").outputs()).containsExactly("raw_customers", "raw_demographics");
    assertThat(joined.step("join_tables").inputs()).containsExactly("load_data.raw_customers", "load_data.raw_demographics");
    assertThat(joined.step("join_tables").config()).containsEntry("base", "customers");
    assertThat(joined.step("validate_data").inputs()).containsExactly("join_tables.joined_data");

    Manifest single = compile(Pipelines.fullTraining("p").replace("""
              - table: demographics
                join_key: customer_id
                join_type: left
        """, ""));

    assertThat(single.steps()).doesNotContainKey("join_tables");
    assertThat(single.step("load_data").outputs()).containsExactly("raw_data");
    assertThat(single.step("validate_data").inputs()).containsExactly("load_data.raw_data");
  }

  @Test
  void leavesOutDisabledAndAbsentSections() {
    Manifest m = compile(Pipelines.fullTraining("p")
        .replace("    normalization:\n      enabled: true", "    normalization:\n      enabled: false")
        .replace("  feature_selection:\n    enabled: true", "  feature_selection:\n    enabled: false")
        .replace("    encoding:\n      enabled: true\n", "")
        .replace("  validation:\n    on_failure: fail\n    checks:\n      - type: null_threshold\n        columns: [churned]\n"
            + "        max_null_pct: 0.0\n", ""));

    assertThat(order(m)).containsExactly("load_data", "join_tables", "split_data", "custom_transforms", "train_model", "evaluate", "log_run");
  }

  @Test
  void feedsEveryFittedTransformToTrainingAndLogging() {
    Manifest m = compile(Pipelines.fullTraining("p"));

    assertThat(m.step("train_model").inputs()).startsWith("select_features.train_set")
        .contains("custom_transforms.fitted", "encode.fitted", "normalize.fitted", "select_features.fitted");
    assertThat(m.step("evaluate").inputs()).startsWith("train_model.model", "select_features.test_set");
    assertThat(m.step("log_run").inputs()).contains("evaluate.eval_metrics", "normalize.fitted");
  }

  @Test
  void splitsByTimeWithDataWindowsAndStratifiesClassificationOtherwise() {
    assertThat(compile(Pipelines.fullTraining("p")).step("split_data").config())
        .containsEntry("method", "time").containsEntry("partition_key", "snapshot_date").containsEntry("min_rows", 100L);
    assertThat(ManifestJson.toMap(compile(Pipelines.training("p")).step("split_data").config()))
        .containsEntry("method", "stratified").containsEntry("test_size", 0.2).containsEntry("seed", 42L);
    assertThat(ManifestJson.toMap(compile(Pipelines.training("p").replace("binary_classification", "regression")).step("split_data").config()))
        .containsEntry("method", "random");
  }

  @Test
  void givesTrainingItsOwnResourcesAndOtherStepsTheTargets() {
    project.write("profiles.yaml", "demo:\n  target: dev\n  outputs:\n    dev:\n      resources: {cpu: \"2\", memory: \"4Gi\"}\n");

    Manifest m = compile(Pipelines.fullTraining("p") + "  step_resources:\n    evaluate: {memory: \"8Gi\"}\n");

    assertThat(m.step("train_model").resources().cpu()).contains("8");
    assertThat(m.step("train_model").resources().memory()).contains("32Gi");
    assertThat(m.step("load_data").resources().memory()).contains("4Gi");
    assertThat(m.step("evaluate").resources().memory()).contains("8Gi");
    assertThat(m.step("evaluate").resources().cpu()).contains("2");
  }

  @Test
  void buildsTheServingDagWithBothLoadersFirst() {
    Manifest m = compile(Pipelines.serving("p"));

    assertThat(m.steps().keySet()).containsExactly("load_model", "load_scoring_data", "apply_transforms", "predict", "publish_predictions");
    assertThat(m.dag().executionBatches()).containsExactly(
        List.of("load_model", "load_scoring_data"), List.of("apply_transforms"), List.of("predict"), List.of("publish_predictions"));
    assertThat(m.dag().parentMap().get("apply_transforms")).containsExactlyInAnyOrder("load_model", "load_scoring_data");
    assertThat(m.step("load_model").config()).containsEntry("run_id", "latest");
    assertThat(m.metadata().pipelineType().yamlName()).isEqualTo("serving");
  }

  @Test
  void appendsACustomStepAfterTheLastStepByDefault() {
    Manifest m = compile(Pipelines.training("p") + """
          custom_steps:
            - name: notify
              class: com.acme.Notify
        """);

    assertThat(m.dag().parentMap().get("notify")).containsExactly("log_run");
    assertThat(order(m)).endsWith("log_run", "notify");
    assertThat(m.step("notify").config()).containsEntry("class", "com.acme.Notify");
  }

  @Test
  void runsACustomStepBetweenTheStepsItNames() {
    Manifest m = compile(Pipelines.training("p") + """
          custom_steps:
            - name: audit_split
              class: com.acme.Audit
              depends_on: [split_data]
              before: [train_model]
        """);

    assertThat(m.dag().parentMap().get("train_model")).containsExactly("split_data", "audit_split");
    assertThat(m.dag().executionBatches()).containsExactly(List.of("load_data"), List.of("split_data"), List.of("audit_split"),
        List.of("train_model"), List.of("evaluate"), List.of("log_run"));
  }

  @Test
  void runsIndependentCustomStepsInParallel() {
    Manifest m = compile(Pipelines.training("p") + """
          custom_steps:
            - {name: profile_a, class: com.acme.A, depends_on: [load_data]}
            - {name: profile_b, class: com.acme.B, depends_on: [load_data]}
        """);

    assertThat(m.dag().executionBatches().get(1)).containsExactly("split_data", "profile_a", "profile_b");
  }

  @Test
  void reportsACycleThroughCustomStepsNamingTheStepsOnIt() {
    project.pipeline("p", Pipelines.training("p") + """
          custom_steps:
            - name: notify
              class: com.acme.Notify
              depends_on: [evaluate]
              before: [train_model]
        """);

    CompileException e = project.failure("p");

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.DAG_CYCLE));
    assertThat(e).hasMessageStartingWith("pipelines/p.yaml:1:1: error[MBT501]: the steps form a cycle: train_model -> evaluate -> notify -> train_model")
        .hasMessageContaining("hint: remove one of these dependencies (check depends_on and before of custom_steps)");
  }

  @Test
  void reportsACycleBetweenTwoCustomSteps() {
    project.pipeline("p", Pipelines.training("p") + """
          custom_steps:
            - {name: first, class: com.acme.A, depends_on: [second]}
            - {name: second, class: com.acme.B, depends_on: [first]}
        """);

    assertThat(project.failure("p")).hasMessageContaining("error[MBT501]: the steps form a cycle: first -> second -> first");
  }

  @Test
  void rejectsACustomStepDependingOnAnUnknownStep() {
    project.pipeline("p", Pipelines.training("p") + """
          custom_steps:
            - {name: audit, class: com.acme.A, depends_on: [split_dat]}
        """);

    assertThat(project.failure("p")).hasMessageContaining(
        "error[MBT502]: step 'audit' depends on 'split_dat', which is not a step of this pipeline (did you mean 'split_data'?)");
  }

  @Test
  void rejectsACustomStepRunningBeforeAnUnknownStep() {
    project.pipeline("p", Pipelines.training("p") + """
          custom_steps:
            - {name: audit, class: com.acme.A, before: [trian_model]}
        """);

    assertThat(project.failure("p")).hasMessageContaining(
        "error[MBT502]: custom_steps: custom step 'audit' runs before 'trian_model', which is not a step of this pipeline (did you mean 'train_model'?)");
  }

  @Test
  void rejectsACustomStepNamedLikeABuiltInStep() {
    project.pipeline("p", Pipelines.training("p") + """
          custom_steps:
            - {name: evaluate, class: com.acme.A}
        """);

    assertThat(project.failure("p")).hasMessageContaining("error[MBT207]: custom_steps: custom step 'evaluate' has the name of a built-in step");
  }

  @Test
  void rejectsStepResourcesForAnUnknownStep() {
    project.pipeline("p", Pipelines.training("p") + "  step_resources:\n    evalute: {memory: \"8Gi\"}\n");

    assertThat(project.failure("p")).hasMessageContaining(
        "error[MBT502]: step_resources.evalute: step_resources names 'evalute', which is not a step of this pipeline (did you mean 'evaluate'?)");
  }
}
