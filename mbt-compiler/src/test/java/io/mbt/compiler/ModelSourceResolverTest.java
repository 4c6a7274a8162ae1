package io.mbt.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.fixtures.Pipelines;
import io.mbt.compiler.fixtures.TestProject;
import io.mbt.compiler.manifest.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A serving alias resolved at compile time is recorded in the manifest; one that cannot be is a located error. */
class ModelSourceResolverTest {
  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void setUp() {
    String alias = Pipelines.serving("s").replace("run_id: \"{{ var('run_id', 'latest') }}\"", "alias: champion")
        .replace("problem_type: binary_classification", "problem_type: binary_classification\n  experiment_name: churn");
    project = TestProject.in(dir).pipeline("s", alias);
  }

  @Test
  void recordsTheRunTheAliasNamesWithTheModelName() {
    List<String> asked = new ArrayList<>();
    ModelSourceResolver registry = (ref, model, alias) -> {
      asked.add(ref.type() + ":" + model + ":" + alias);
      return "run_42";
    };
    Manifest manifest = project.compile("s", project.options().withModelSources(registry)).manifest();

    Map<String, Object> config = manifest.steps().get("load_model").config();
    assertThat(config).containsEntry("alias", "champion").containsEntry("model_name", "churn").containsEntry("run_id", "run_42");
    assertThat(asked).containsExactly("local:churn:champion");
  }

  @Test
  void withoutAResolverTheAliasIsLeftForRunTime() {
    Map<String, Object> config = project.compile("s", project.options()).manifest().steps().get("load_model").config();
    assertThat(config).containsEntry("alias", "champion").doesNotContainKey("run_id");
  }

  @Test
  void anAliasThatCannotBeResolvedIsAnErrorAtTheAliasKey() {
    ModelSourceResolver unset = (ref, model, alias) -> {
      throw new ModelSourceResolver.Unresolved("alias 'champion' of registered model 'churn' is not set", "promote a run first", null);
    };
    CompileException e = project.failure("s", project.options().withModelSources(unset));
    assertThat(e).hasMessageContaining("pipelines/s.yaml:").hasMessageContaining("serving.model_source.alias")
        .hasMessageContaining("alias 'champion' of registered model 'churn' is not set").hasMessageContaining("hint: promote a run first");
  }
}
