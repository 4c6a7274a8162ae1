package io.mbt.driver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MbtCliTest {
  @TempDir Path dir;

  private CliRun mbt(String... args) {
    return CliRun.of(args);
  }

  private Path initProject() {
    CliRun init = mbt("init", "demo", "--dir", dir.toString());
    assertThat(init.code()).as(init.err()).isZero();
    return dir.resolve("demo");
  }

  @Test
  void scaffoldedProjectValidatesCompilesAndPassesItsDagTests() throws Exception {
    Path project = initProject();
    String p = project.toString();

    CliRun validate = mbt("validate", "--project-dir", p);
    assertThat(validate.code()).as(validate.err()).isZero();
    assertThat(validate.out()).contains("OK    example_training_v1").contains("1 of 1 pipelines valid");

    CliRun compile = mbt("--project-dir", p, "compile", "--all");
    assertThat(compile.code()).as(compile.err()).isZero();
    Path manifest = project.resolve("target/example_training_v1/manifest.json");
    assertThat(manifest).exists();
    assertThat(Files.readString(manifest)).contains("\"pipeline_name\" : \"example_training_v1\"").contains("\"execution_batches\"");

    CliRun test = mbt("test", "--project-dir", p);
    assertThat(test.code()).as(test.out() + test.err()).isZero();
    assertThat(test.out()).contains("4 passed, 0 failed");

    CliRun clean = mbt("clean", "--project-dir", p);
    assertThat(clean.code()).isZero();
    assertThat(project.resolve("target")).doesNotExist();
  }

  @Test
  void showResolvedPrintsTheMergedPipeline() {
    Path project = initProject();
    CliRun run = mbt("validate", "--show-resolved", "--project-dir", project.toString());
    assertThat(run.code()).as(run.err()).isZero();
    // From the base pipeline and the include, merged into the child:
    assertThat(run.out()).contains("experiment_name: demo_example").contains("label_table: example_customers").contains("framework: xgboost");
  }

  @Test
  void dagPrintsBatchesAndMermaid() {
    Path project = initProject();
    CliRun text = mbt("dag", "example_training_v1", "--project-dir", project.toString());
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("train_model").contains("<- normalize");
    CliRun mermaid = mbt("dag", "example_training_v1", "--mermaid", "--project-dir", project.toString());
    assertThat(mermaid.out()).startsWith("flowchart LR").contains("normalize --> train_model");
  }

  @Test
  void compileErrorsExitWithOneAndNameFileLineAndFix() throws Exception {
    Path project = initProject();
    Path pipeline = project.resolve("pipelines/example_training_v1.yaml");
    Files.writeString(pipeline, Files.readString(pipeline).replace("max_depth: 4", "max_depht: 4"));
    CliRun run = mbt("compile", "example_training_v1", "--project-dir", project.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("pipelines/example_training_v1.yaml:9:")
        .contains("training.model_training.config.max_depht: unknown parameter 'max_depht'")
        .contains("did you mean 'max_depth'?");
    assertThat(project.resolve("target/example_training_v1/manifest.json")).doesNotExist();
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(mbt("compile", "--bogus").code()).isEqualTo(2);
    assertThat(mbt().code()).isEqualTo(2);
    Path project = initProject();
    CliRun noSelection = mbt("compile", "--project-dir", project.toString());
    assertThat(noSelection.code()).isEqualTo(2);
    assertThat(noSelection.err()).contains("pass --all");
    CliRun badVars = mbt("compile", "--all", "--vars", "novalue", "--project-dir", project.toString());
    assertThat(badVars.code()).isEqualTo(2);
    assertThat(badVars.err()).contains("--vars expects KEY=VALUE");
  }

  @Test
  void unknownPipelineAndMissingProjectAreClearErrors() {
    CliRun missing = mbt("validate", "--project-dir", dir.toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("no mbt_project.yaml").contains("mbt init");
    Path project = initProject();
    CliRun unknown = mbt("compile", "example_trainng_v1", "--project-dir", project.toString());
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("did you mean 'example_training_v1'?");
  }

  @Test
  void selectsByTag() {
    Path project = initProject();
    CliRun ls = mbt("ls", "--tags", "--select", "tag:training", "--project-dir", project.toString());
    assertThat(ls.code()).as(ls.err()).isZero();
    assertThat(ls.out()).contains("example_training_v1").contains("example, training");
    CliRun none = mbt("ls", "--select", "tag:nothing", "--project-dir", project.toString());
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("no pipeline has tag 'nothing'");
  }

  @Test
  void depsListShowsBuiltInAdapters() {
    CliRun run = mbt("deps", "list");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("frameworks:").contains("xgboost").contains("automl").contains("model registries:").contains("mlflow")
        .contains("executors:").doesNotContain("orchestrators:").doesNotContain("spark_submit");
    assertThat(run.err()).doesNotContain("cannot run");
  }

  @Test
  void everyBuiltInDescriptorNamesARuntimeClassOfItsKind() {
    var all = io.mbt.compiler.spi.PluginRegistry.load().all();
    assertThat(all).isNotEmpty();
    all.values().stream().flatMap(java.util.List::stream).forEach(d ->
        assertThat(io.mbt.driver.runtime.AdapterRuntimes.problem(d)).as(d.kind() + " " + d.name()).isEmpty());
  }

  @Test
  void anExecutorOrOrchestratorMbtDoesNotShipIsACompileErrorSayingWhatToWriteInstead() throws Exception {
    Path project = initProject();
    Path profiles = project.resolve("profiles.yaml");
    String original = java.nio.file.Files.readString(profiles);
    java.nio.file.Files.writeString(profiles, original.replace("executor: {type: local, config: {}}",
        "executor: {type: spark_submit, config: {master: yarn}}"));
    CliRun executor = mbt("compile", "--all", "--project-dir", project.toString());
    assertThat(executor.code()).isEqualTo(1);
    assertThat(executor.err()).contains("no executor adapter named 'spark_submit' is installed").contains("installed: local")
        .contains("use executor: {type: local}");

    java.nio.file.Files.writeString(profiles, original.replace("executor: {type: local, config: {}}",
        "executor: {type: local, config: {}}\n      orchestrator: {type: airflow, config: {dag_directory: ./dags}}"));
    CliRun orchestrator = mbt("compile", "--all", "--project-dir", project.toString());
    assertThat(orchestrator.code()).as(orchestrator.err()).isEqualTo(1);
    assertThat(orchestrator.err()).contains("no orchestrator adapter named 'airflow' is installed")
        .contains("remove the orchestrator section");
  }

  @Test
  void targetFromCommandLineMustExist() {
    Path project = initProject();
    CliRun run = mbt("compile", "--all", "--target", "prd", "--project-dir", project.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("target 'prd' is not defined").contains("targets: dev");
  }

  @Test
  void debugChecksStorageSecretsSparkConnectorAndRegistry() {
    Path project = initProject();
    CliRun run = mbt("debug", "--project-dir", project.toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("OK    storage (local)").contains("OK    secrets (env)").contains("OK    data connector (local_file)")
        .contains("OK    model registry (local)").contains("LocalModelRegistry[file:").contains("is reachable").contains("All checks passed.");
  }

  @Test
  void projectOptionsBeforeTheCommandAreMovedAfterIt() {
    assertThat(MbtCli.projectOptionsAfterCommand(new String[] {"--project-dir", "x", "-t", "prod", "compile", "--all"}))
        .containsExactly("compile", "--project-dir", "x", "-t", "prod", "--all");
    assertThat(MbtCli.projectOptionsAfterCommand(new String[] {"--project-dir=x", "deps", "check"}))
        .containsExactly("deps", "check", "--project-dir=x");
  }
}
