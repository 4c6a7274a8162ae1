package io.mbt.compiler.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.fixtures.Pipelines;
import io.mbt.compiler.fixtures.TestProject;
import io.mbt.compiler.manifest.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** profiles.yaml: which target, and what it holds. */
class ProfileSelectionTest {
  private static final String TWO_TARGETS = """
      demo:
        target: dev
        resources:
          cpu: "1"
          memory: "2Gi"
        outputs:
          dev:
            resources:
              memory: "4Gi"
          prod:
            resources:
              cpu: "8"
              memory: "16Gi"
      """;

  @TempDir
  Path dir;
  TestProject project;

  @BeforeEach
  void setUp() {
    project = TestProject.in(dir).write("profiles.yaml", TWO_TARGETS).pipeline("p", Pipelines.training("p"));
  }

  private String target(TestProject p, Optional<String> flag) {
    return p.compile("p", flag.map(t -> p.options().withTarget(t)).orElse(p.options())).manifest().metadata().target();
  }

  @Test
  void usesTheProfileDefaultWhenNothingElseIsSet() {
    assertThat(target(project, Optional.empty())).isEqualTo("dev");
  }

  @Test
  void prefersMbtTargetFromTheEnvironmentOverTheProfileDefault() {
    project.env("MBT_TARGET", "prod");

    assertThat(target(project, Optional.empty())).isEqualTo("prod");
  }

  @Test
  void prefersTheTargetFlagOverMbtTarget() {
    project.env("MBT_TARGET", "prod");

    assertThat(target(project, Optional.of("dev"))).isEqualTo("dev");
  }

  @Test
  void ignoresABlankMbtTarget() {
    project.env("MBT_TARGET", " ");

    assertThat(target(project, Optional.empty())).isEqualTo("dev");
  }

  @Test
  void usesTheOnlyTargetWhenTheProfileHasNoDefault() {
    project.write("profiles.yaml", "demo:\n  outputs:\n    local: {}\n");

    assertThat(target(project, Optional.empty())).isEqualTo("local");
  }

  @Test
  void refusesToGuessBetweenSeveralTargets() {
    project.write("profiles.yaml", "demo:\n  outputs:\n    dev: {}\n    prod: {}\n");

    assertThat(project.failure("p")).hasMessageStartingWith("profiles.yaml:2:3: error[MBT302]: demo.target: "
        + "no target chosen: pass --target, set MBT_TARGET, or give the profile a default");
  }

  @Test
  void mergesProfileWideSectionsUnderTheTargetsOwn() {
    Manifest dev = project.compile("p").manifest();
    Manifest prod = project.compile("p", project.options().withTarget("prod")).manifest();

    assertThat(dev.step("load_data").resources().cpu()).contains("1");
    assertThat(dev.step("load_data").resources().memory()).contains("4Gi");
    assertThat(prod.step("load_data").resources().cpu()).contains("8");
    assertThat(prod.profile().name()).isEqualTo("prod");
  }

  @Test
  void rejectsAnUnknownTargetWithASuggestion() {
    CompileException e = project.failure("p", project.options().withTarget("prd"));

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.TARGET_NOT_FOUND));
    assertThat(e).hasMessageStartingWith("profiles.yaml:7:5: error[MBT302]: demo.outputs: "
        + "target 'prd' is not defined in profile 'demo' (did you mean 'prod'?); targets: dev, prod")
        .hasMessageContaining("hint: use one of the defined targets, or add 'prd:' under outputs");
  }

  @Test
  void rejectsAnUnknownTargetFromMbtTarget() {
    project.env("MBT_TARGET", "staging");

    assertThat(project.failure("p")).hasMessageContaining("target 'staging' is not defined in profile 'demo'; targets: dev, prod");
  }

  @Test
  void rejectsAnUnknownProfileWithASuggestion() {
    project.write("mbt_project.yaml", "name: demo\nprofile: dmeo\n");

    CompileException e = project.failure("p");

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.PROFILE_NOT_FOUND));
    assertThat(e).hasMessageStartingWith("profiles.yaml:1:1: error[MBT301]: profile 'dmeo' not found in profiles.yaml (did you mean 'demo'?); profiles: demo");
  }

  @Test
  void reportsAMissingProfilesFile() throws Exception {
    assumeFalse(Files.exists(Path.of(System.getProperty("user.home"), ".mbt", "profiles.yaml")), "~/.mbt/profiles.yaml would be used");
    Files.delete(project.root().resolve("profiles.yaml"));

    assertThat(project.failure("p")).hasMessageStartingWith(project.root().resolve("profiles.yaml") + ": error[MBT301]: no profiles.yaml found")
        .hasMessageContaining("hint: create profiles.yaml in the project root with a 'demo:' profile");
  }

  @Test
  void readsProfilesFromAnExplicitDirectoryFirst(@TempDir Path elsewhere) throws Exception {
    Files.writeString(elsewhere.resolve("profiles.yaml"), "demo:\n  outputs:\n    ci: {}\n");

    Manifest manifest = project.compile("p", project.options().withProfilesDir(elsewhere)).manifest();

    assertThat(manifest.metadata().target()).isEqualTo("ci");
    assertThat(manifest.metadata().sources()).last().satisfies(s -> assertThat(s.path()).isEqualTo(elsewhere.resolve("profiles.yaml").toString()));
  }

  @Test
  void rejectsAnUnknownProfileKeyWithASuggestion() {
    project.write("profiles.yaml", TWO_TARGETS.replace("  resources:\n    cpu: \"1\"", "  resourcez:\n    cpu: \"1\""));

    assertThat(project.failure("p")).hasMessageStartingWith(
        "profiles.yaml:3:3: error[MBT206]: demo.resourcez: unknown profile key 'resourcez' (did you mean 'resources'?)");
  }

  @Test
  void rejectsAProfileWithoutOutputs() {
    project.write("profiles.yaml", "demo:\n  target: dev\n");

    assertThat(project.failure("p")).hasMessageContaining("error[MBT204]: demo.outputs: profile has no 'outputs' mapping of targets");
  }

  @Test
  void rejectsAnIncludeInProfilesInsteadOfCrashing() {
    project.write("includes/storage.yaml", "base_path: ./x\n")
        .write("profiles.yaml", "demo:\n  outputs:\n    dev:\n      storage:\n        type: local\n        config: {base_path: !include includes/storage.yaml}\n");

    assertThat(project.failure("p")).hasMessageStartingWith("profiles.yaml:6:29: error[MBT205]: demo.outputs.dev.storage.config.base_path: "
        + "!include 'includes/storage.yaml' is not resolved in this file")
        .hasMessageContaining("hint: !include works in pipeline files only; write the value here instead");
  }

  @Test
  void rendersTemplatesInProfiles() {
    project.write("profiles.yaml", "demo:\n  target: dev\n  outputs:\n    dev:\n      storage:\n        type: local\n"
        + "        config: {base_path: \"{{ env_var('ARTIFACTS', './default') }}\"}\n").env("ARTIFACTS", "/data/artifacts");

    assertThat(project.compile("p").manifest().profile().storage().config()).containsEntry("base_path", "/data/artifacts");
  }
}
