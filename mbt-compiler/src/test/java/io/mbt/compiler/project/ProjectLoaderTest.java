package io.mbt.compiler.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.fixtures.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoaderTest {
  @TempDir
  Path dir;

  @Test
  void appliesDefaultsForEverythingButTheName() {
    TestProject.in(dir).write("mbt_project.yaml", "name: churn\n");

    ProjectConfig config = ProjectLoader.load(dir);

    Path root = dir.toAbsolutePath().normalize();
    assertThat(config.name()).isEqualTo("churn");
    assertThat(config.profile()).isEqualTo("churn");
    assertThat(config.pipelineDirs()).containsExactly(root.resolve("pipelines"));
    assertThat(config.testDirs()).containsExactly(root.resolve("tests"));
    assertThat(config.libDirs()).containsExactly(root.resolve("lib"));
    assertThat(config.targetDir()).isEqualTo(root.resolve("target"));
    assertThat(config.vars()).isEmpty();
  }

  @Test
  void readsEveryKey() {
    TestProject.in(dir).write("mbt_project.yaml", """
        name: churn
        profile: shared
        version: "1.0"
        pipeline_paths: [models, more/models]
        test_paths: [checks]
        target_path: build
        lib_paths: [jars]
        vars:
          run_id: latest
          depth: 6
          flag: true
        """);

    ProjectConfig config = ProjectLoader.load(dir);

    Path root = dir.toAbsolutePath().normalize();
    assertThat(config.profile()).isEqualTo("shared");
    assertThat(config.pipelineDirs()).containsExactly(root.resolve("models"), root.resolve("more/models"));
    assertThat(config.testDirs()).containsExactly(root.resolve("checks"));
    assertThat(config.targetDir()).isEqualTo(root.resolve("build"));
    assertThat(config.libDirs()).containsExactly(root.resolve("jars"));
    assertThat(config.vars()).isEqualTo(Map.of("run_id", "latest", "depth", "6", "flag", "true"));
  }

  @Test
  void findsTheProjectFromASubdirectory() throws Exception {
    TestProject.in(dir);
    Path deep = Files.createDirectories(dir.resolve("pipelines/a/b"));

    assertThat(ProjectLoader.find(deep).root()).isEqualTo(dir.toAbsolutePath().normalize());
  }

  @Test
  void explainsWhenThereIsNoProject() {
    Path start = dir.toAbsolutePath().normalize();

    assertThatThrownBy(() -> ProjectLoader.find(dir))
        .isInstanceOf(CompileException.class)
        .hasMessageStartingWith(start + ": error[MBT001]: no mbt_project.yaml in " + start + " or any parent directory")
        .hasMessageContaining("hint: run mbt from inside a project, pass --project-dir DIR, or create one with 'mbt init NAME'");
  }

  @Test
  void reportsAMissingNameAndUnknownKeysTogether() {
    TestProject.in(dir).write("mbt_project.yaml", "pipline_paths: [pipelines]\n");

    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOf(CompileException.class)
        .satisfies(e -> assertThat(((CompileException) e).errors()).hasSize(2))
        .hasMessageContaining("mbt_project.yaml:1:1: error[MBT204]: missing required key 'name'")
        .hasMessageContaining("mbt_project.yaml:1:1: error[MBT206]: pipline_paths: unknown key 'pipline_paths' (did you mean 'pipeline_paths'?)");
  }

  @Test
  void rejectsAnIncludeInsideVars() {
    TestProject.in(dir).write("mbt_project.yaml", "name: demo\nvars:\n  nested:\n    - !include includes/vars.yaml\n");

    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOf(CompileException.class)
        .hasMessageStartingWith("mbt_project.yaml:4:7: error[MBT205]: vars.nested[0]: !include 'includes/vars.yaml' is not resolved in this file");
  }

  @Test
  void rejectsAnInvalidProjectName() {
    TestProject.in(dir).write("mbt_project.yaml", "name: \"my project\"\n");

    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOf(CompileException.class)
        .hasMessageStartingWith("mbt_project.yaml:1:7: error[MBT207]: name: 'my project' is not a valid name");
  }

  @Test
  void listsPipelinesByFileNameSkippingBases() {
    TestProject.in(dir).write("pipelines/b.yaml", "x: 1\n").write("pipelines/a.yml", "x: 1\n").write("pipelines/_base.yaml", "x: 1\n")
        .write("pipelines/notes.txt", "not yaml\n");

    PipelineCatalog catalog = new PipelineCatalog(ProjectLoader.load(dir));

    assertThat(catalog.names()).isEqualTo(List.of("a", "b"));
    assertThat(catalog.find("_base")).isEmpty();
    assertThat(catalog.display(catalog.require("a"))).isEqualTo("pipelines/a.yml");
  }
}
