package io.mbt.compiler.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.CompileResult;
import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.fixtures.Pipelines;
import io.mbt.compiler.fixtures.TestProject;
import io.mbt.compiler.manifest.ManifestMetadata;
import io.mbt.compiler.yaml.YMap;
import io.mbt.compiler.yaml.YPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phase 1: !include fragments and base pipelines. */
class ResolutionTest {
  @TempDir
  Path dir;
  TestProject project;

  private static final String WITH_SCHEMA_INCLUDE = """
      schema_version: 1
      project:
        name: p
        problem_type: binary_classification
      training:
        data_source:
          label_table: customers
        schema: !include includes/schema.yaml
      """;

  @BeforeEach
  void setUp() {
    project = TestProject.in(dir.resolve("project"));
  }

  // ---- includes ----------------------------------------------------------------------------------

  @Test
  void replacesAnIncludeWithTheFragmentAndRecordsItAsASource() {
    project.write("includes/schema.yaml", "target:\n  label_column: churned\n").pipeline("p", WITH_SCHEMA_INCLUDE);

    CompileResult result = project.compile("p");

    assertThat(result.pipeline().training().orElseThrow().schema().target().labelColumn()).isEqualTo("churned");
    assertThat(result.manifest().metadata().sources()).extracting(ManifestMetadata.SourceFile::path)
        .containsExactly("pipelines/p.yaml", "includes/schema.yaml", "profiles.yaml");
  }

  @Test
  void resolvesNestedIncludesAndKeepsTheFragmentsLocations() {
    project.write("includes/schema.yaml", "target: !include includes/target.yaml\n")
        .write("includes/target.yaml", "label_column: churned\n")
        .pipeline("p", WITH_SCHEMA_INCLUDE);

    YMap resolved = project.compiler().resolve("p");

    assertThat(YPaths.locate(resolved, "training.schema.target.label_column")).isEqualTo(new Location("includes/target.yaml", 1, 1));
  }

  @Test
  void pointsProblemsInsideAFragmentAtTheFragment() {
    project.write("includes/schema.yaml", "target:\n  label_colum: churned\n").pipeline("p", WITH_SCHEMA_INCLUDE);

    assertThat(project.failure("p")).hasMessageContaining(
        "includes/schema.yaml:2:3: error[MBT206]: training.schema.target.label_colum: unknown key 'label_colum' (did you mean 'label_column'?)");
  }

  @Test
  void rejectsAnIncludeOfAMissingFile() {
    project.pipeline("p", WITH_SCHEMA_INCLUDE);

    CompileException e = project.failure("p");

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.INCLUDE_NOT_FOUND));
    assertThat(e).hasMessageStartingWith(
        "pipelines/p.yaml:8:11: error[MBT103]: !include 'includes/schema.yaml': no such file (looked for includes/schema.yaml)")
        .hasMessageContaining("hint: write the path relative to the project root");
  }

  @Test
  void rejectsAnIncludeThatEscapesTheProjectRoot() throws IOException {
    Files.writeString(dir.resolve("outside.yaml"), "target: {label_column: x}\n");
    project.pipeline("p", WITH_SCHEMA_INCLUDE.replace("includes/schema.yaml", "../outside.yaml"));

    assertThat(project.failure("p")).hasMessageStartingWith(
        "pipelines/p.yaml:8:11: error[MBT104]: !include '../outside.yaml' points outside the project root " + project.root())
        .hasMessageContaining("hint: keep shared fragments inside the project");
  }

  @Test
  void rejectsAnAbsoluteIncludePathOutsideTheProject() throws IOException {
    Path outside = Files.writeString(dir.resolve("outside.yaml"), "target: {label_column: x}\n");
    project.pipeline("p", WITH_SCHEMA_INCLUDE.replace("includes/schema.yaml", outside.toString()));

    assertThat(project.failure("p")).hasMessageContaining("error[MBT104]: !include '" + outside + "' points outside the project root");
  }

  @Test
  void rejectsASymbolicLinkThatLeadsOutOfTheProject() throws IOException {
    Path outside = Files.writeString(dir.resolve("outside.yaml"), "target: {label_column: x}\n");
    Files.createDirectories(project.root().resolve("includes"));
    Files.createSymbolicLink(project.root().resolve("includes/schema.yaml"), outside);
    project.pipeline("p", WITH_SCHEMA_INCLUDE);

    assertThat(project.failure("p")).hasMessageContaining("error[MBT104]: !include 'includes/schema.yaml' points outside the project root");
  }

  @Test
  void namesTheChainOfAnIncludeCycle() {
    project.write("includes/schema.yaml", "target: !include includes/target.yaml\n")
        .write("includes/target.yaml", "label_column: !include includes/schema.yaml\n")
        .pipeline("p", WITH_SCHEMA_INCLUDE);

    CompileException e = project.failure("p");

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.INCLUDE_CYCLE));
    assertThat(e).hasMessageStartingWith("includes/target.yaml:1:15: error[MBT105]: include cycle: "
        + "pipelines/p.yaml -> includes/schema.yaml -> includes/target.yaml -> includes/schema.yaml");
  }

  @Test
  void rejectsAFragmentThatIncludesItself() {
    project.write("includes/schema.yaml", "target: !include includes/schema.yaml\n").pipeline("p", WITH_SCHEMA_INCLUDE);

    assertThat(project.failure("p")).hasMessageContaining(
        "error[MBT105]: include cycle: pipelines/p.yaml -> includes/schema.yaml -> includes/schema.yaml");
  }

  @Test
  void allowsTheSameFragmentTwiceWhenItIsNotACycle() {
    project.write("includes/label.yaml", "churned\n")
        .pipeline("p", Pipelines.training("p").replace("label_column: churned", "label_column: !include includes/label.yaml")
            .replace("label_table: customers", "label_table: !include includes/label.yaml"));

    assertThat(project.compile("p").pipeline().training().orElseThrow().dataSource().labelTable()).isEqualTo("churned");
  }

  // ---- base pipelines ----------------------------------------------------------------------------

  @Test
  void mergesTheChildOverItsBase() {
    project.pipeline("_base", Pipelines.training("unused").replace("  name: unused\n", "  tags: [base, churn]\n"))
        .pipeline("child", """
            schema_version: 1
            base_pipeline: _base
            project:
              name: child
              tags: [child]
            training:
              model_training:
                config:
                  learning_rate: 0.2
            """);

    CompileResult result = project.compile("child");

    assertThat(result.pipeline().project().tags()).containsExactly("child");
    assertThat(result.pipeline().training().orElseThrow().modelTraining().config())
        .isEqualTo(Map.of("max_depth", 4L, "learning_rate", 0.2));
    assertThat(result.manifest().metadata().sources()).extracting(ManifestMetadata.SourceFile::path)
        .containsExactly("pipelines/child.yaml", "pipelines/_base.yaml", "profiles.yaml");
    assertThat(project.compiler().resolve("child").keys()).doesNotContain("base_pipeline");
  }

  @Test
  void letsAChildRemoveAnInheritedSectionWithNull() {
    project.pipeline("_base", Pipelines.training("unused").replace("  name: unused\n", "")
            + "  feature_selection:\n    enabled: true\n")
        .pipeline("child", "schema_version: 1\nbase_pipeline: _base\nproject: {name: child}\ntraining:\n  feature_selection: null\n");

    assertThat(project.compile("child").manifest().steps()).doesNotContainKey("select_features");
  }

  @Test
  void doesNotListBasePipelinesAsPipelines() {
    project.pipeline("_base", Pipelines.training("unused")).pipeline("child", Pipelines.training("child"));

    assertThat(project.compiler().catalog().names()).containsExactly("child");
  }

  @Test
  void rejectsChainedBasesNamingBothFiles() {
    project.pipeline("_grand", Pipelines.training("unused"))
        .pipeline("_base", "schema_version: 1\nbase_pipeline: _grand\n")
        .pipeline("child", "schema_version: 1\nbase_pipeline: _base\nproject: {name: child}\n");

    CompileException e = project.failure("child");

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.CHAINED_BASE));
    assertThat(e).hasMessageStartingWith("pipelines/_base.yaml:2:16: error[MBT107]: base_pipeline: "
        + "pipelines/child.yaml extends pipelines/_base.yaml, which itself extends '_grand'; base pipelines are single-level")
        .hasMessageContaining("hint: merge the two bases into one, or move the shared part into an !include fragment");
  }

  @Test
  void rejectsAMissingBaseWithASuggestion() {
    project.pipeline("_base_churn", Pipelines.training("unused"))
        .pipeline("child", "schema_version: 1\nbase_pipeline: _base_chrn\nproject: {name: child}\n");

    CompileException e = project.failure("child");

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.BASE_NOT_FOUND));
    assertThat(e).hasMessageStartingWith(
        "pipelines/child.yaml:2:16: error[MBT106]: base_pipeline: base pipeline '_base_chrn' not found (did you mean '_base_churn'?)");
  }

  @Test
  void rejectsAPipelineThatIsItsOwnBase() {
    project.pipeline("child", Pipelines.training("child").replace("schema_version: 1\n", "schema_version: 1\nbase_pipeline: child\n"));

    assertThat(project.failure("child")).hasMessageStartingWith(
        "pipelines/child.yaml:2:16: error[MBT107]: base_pipeline: a pipeline cannot be its own base");
  }

  @Test
  void acceptsABaseNamedByItsPath() {
    project.write("bases/common.yaml", Pipelines.training("unused").replace("  name: unused\n", ""))
        .pipeline("child", "schema_version: 1\nbase_pipeline: bases/common.yaml\nproject: {name: child}\n");

    assertThat(project.compile("child").manifest().steps().keySet())
        .containsExactly("load_data", "split_data", "train_model", "evaluate", "log_run");
  }

  @Test
  void rejectsABaseThatIsNotAName() {
    project.pipeline("child", "schema_version: 1\nbase_pipeline: [a, b]\nproject: {name: child}\n");

    assertThat(project.failure("child")).hasMessageStartingWith(
        "pipelines/child.yaml:2:16: error[MBT205]: base_pipeline: expected the name of a base pipeline, found a list");
  }

  @Test
  void resolvesIncludesOfTheBaseToo() {
    project.write("includes/schema.yaml", "target:\n  label_column: churned\n")
        .pipeline("_base", WITH_SCHEMA_INCLUDE.replace("  name: p\n", ""))
        .pipeline("child", "schema_version: 1\nbase_pipeline: _base\nproject: {name: child}\n");

    assertThat(project.compile("child").manifest().metadata().sources()).extracting(ManifestMetadata.SourceFile::path)
        .isEqualTo(List.of("pipelines/child.yaml", "pipelines/_base.yaml", "includes/schema.yaml", "profiles.yaml"));
  }
}
