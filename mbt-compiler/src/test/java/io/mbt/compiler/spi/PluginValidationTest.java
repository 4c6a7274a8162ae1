package io.mbt.compiler.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.fixtures.Pipelines;
import io.mbt.compiler.fixtures.TestProject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phase 3: every adapter named must be installed and accept its config. */
class PluginValidationTest {
  @TempDir
  Path dir;
  TestProject project;

  @BeforeEach
  void setUp() {
    project = TestProject.in(dir);
  }

  private void modelTraining(String framework, String config) {
    project.pipeline("p", Pipelines.training("p").replace("framework: xgboost", "framework: " + framework)
        .replace("      max_depth: 4\n", config));
  }

  private void problemType(String type) {
    project.pipeline("p", Pipelines.training("p").replace("binary_classification", type));
  }

  @Test
  void rejectsAnUnknownFrameworkListingTheInstalledOnes() {
    modelTraining("xgbost", "      max_depth: 4\n");

    CompileException e = project.failure("p");

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.UNKNOWN_ADAPTER));
    assertThat(e).hasMessageStartingWith("pipelines/p.yaml:12:5: error[MBT401]: training.model_training.framework: "
        + "no framework adapter named 'xgbost' is installed (did you mean 'xgboost'?); "
        + "installed: automl, mllib_gbt, mllib_linear_regression, mllib_logistic_regression, mllib_random_forest, xgboost")
        .hasMessageContaining("hint: use one of the installed names, or put the jar that provides 'xgbost' on the classpath");
  }

  @Test
  void pointsAtAMisspeltFrameworkParameterWithASuggestion() {
    modelTraining("xgboost", "      max_depht: 4\n");

    CompileException e = project.failure("p");

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(ErrorCode.INVALID_ADAPTER_CONFIG);
      assertThat(p.location()).isEqualTo(new Location("pipelines/p.yaml", 14, 7));
    });
    assertThat(e).hasMessageStartingWith("pipelines/p.yaml:14:7: error[MBT402]: training.model_training.config.max_depht: "
        + "unknown parameter 'max_depht' for framework 'xgboost' (did you mean 'max_depth'?)")
        .hasMessageContaining("hint: valid parameters: colsample_bylevel, ");
  }

  @Test
  void rejectsALearningRateOutOfRange() {
    modelTraining("xgboost", "      learning_rate: 1.5\n      subsample: 0\n");

    CompileException e = project.failure("p");

    assertThat(e.errors()).hasSize(2);
    assertThat(e).hasMessageContaining("pipelines/p.yaml:14:7: error[MBT402]: training.model_training.config.learning_rate: "
            + "learning_rate must be <= 1, but was: 1.5")
        .hasMessageContaining("hint: shrinkage per round, in (0, 1]")
        .hasMessageContaining("pipelines/p.yaml:15:7: error[MBT402]: training.model_training.config.subsample: subsample must be > 0, but was: 0");
  }

  @Test
  void rejectsAParameterOfTheWrongType() {
    modelTraining("xgboost", "      max_depth: deep\n");

    assertThat(project.failure("p")).hasMessageContaining(
        "training.model_training.config.max_depth: max_depth must be an integer, found the string 'deep'");
  }

  @Test
  void rejectsOneParameterSetUnderTwoAliases() {
    modelTraining("xgboost", "      learning_rate: 0.1\n      eta: 0.2\n");

    assertThat(project.failure("p")).hasMessageContaining(
        "training.model_training.config.eta: 'eta' and 'learning_rate' set the same parameter learning_rate");
  }

  @Test
  void rejectsAnObjectiveThatDoesNotFitTheProblemType() {
    modelTraining("xgboost", "      objective: \"reg:squarederror\"\n");

    assertThat(project.failure("p")).hasMessageStartingWith("pipelines/p.yaml:14:7: error[MBT402]: training.model_training.config.objective: "
        + "objective 'reg:squarederror' does not fit binary_classification")
        .hasMessageContaining("hint: use one of: binary:logistic, binary:logitraw, binary:hinge (or leave it out for the default)");
  }

  @Test
  void acceptsAnObjectiveThatFits() {
    modelTraining("xgboost", "      objective: \"binary:logistic\"\n      eval_metric: auc\n      eta: 0.3\n");

    assertThat(project.compile("p").manifest().step("train_model").plugin())
        .isEqualTo(PluginRegistry.load().find(AdapterKind.FRAMEWORK, "xgboost").orElseThrow().implementationClass());
  }

  @Test
  void rejectsAFrameworkThatDoesNotSupportTheProblemType() {
    modelTraining("mllib_linear_regression", "      max_iter: 10\n");

    CompileException e = project.failure("p");

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.UNSUPPORTED_PROBLEM_TYPE));
    assertThat(e).hasMessageStartingWith("pipelines/p.yaml:12:5: error[MBT403]: training.model_training.config: "
        + "framework 'mllib_linear_regression' does not support binary_classification")
        .hasMessageContaining("hint: it supports regression; pick another framework for binary_classification");
  }

  @Test
  void rejectsGbtForMulticlass() {
    project.pipeline("p", Pipelines.training("p").replace("binary_classification", "multiclass_classification")
        .replace("framework: xgboost", "framework: mllib_gbt").replace("max_depth: 4", "max_iter: 10"));

    assertThat(project.failure("p")).hasMessageContaining(
        "error[MBT403]: training.model_training.config: framework 'mllib_gbt' does not support multiclass_classification");
  }

  @Test
  void checksAutoMlSortMetricAgainstTheProblemType() {
    modelTraining("automl", "      sort_metric: rmse\n      max_models: 0\n");

    CompileException e = project.failure("p");

    assertThat(e).hasMessageContaining("training.model_training.config.max_models: max_models must be >= 1, but was: 0");
    modelTraining("automl", "      sort_metric: rsme\n");
    assertThat(project.failure("p")).hasMessageContaining(
        "training.model_training.config.sort_metric: sort_metric 'rsme' is not valid for binary_classification");
  }

  @Test
  void acceptsH2oStyleMetricNamesForAutoMl() {
    modelTraining("automl", "      sort_metric: AUC\n      max_runtime_secs: 60\n");

    assertThat(project.compile("p").manifest().step("train_model").config()).containsEntry("framework", "automl");
  }

  @Test
  void rejectsAnUnknownStorageInTheProfileAtItsLine() {
    project.write("profiles.yaml", "demo:\n  target: dev\n  outputs:\n    dev:\n      storage:\n        type: hdfs\n")
        .pipeline("p", Pipelines.training("p"));

    assertThat(project.failure("p")).hasMessageStartingWith("profiles.yaml:6:9: error[MBT401]: demo.outputs.dev.storage.type: "
        + "no storage backend adapter named 'hdfs' is installed (did you mean 'abfs'?); installed: abfs, gcs, local, s3, uri");
  }

  @Test
  void reportsEveryProblemOfTheTargetsAdapters() {
    project.write("profiles.yaml", """
            demo:
              target: dev
              outputs:
                dev:
                  storage:
                    type: s3
                    config: {prefix: models}
                  data_connector:
                    type: local_file
                    config: {data_path: ./data, fromat: csv}
            """)
        .pipeline("p", Pipelines.training("p"));

    CompileException e = project.failure("p");

    assertThat(e.errors()).extracting(CompileProblem::code).containsOnly(ErrorCode.INVALID_ADAPTER_CONFIG);
    assertThat(e).hasMessageContaining("profiles.yaml:7:9: error[MBT402]: demo.outputs.dev.storage.config: "
            + "missing required parameter 'bucket' for storage backend 's3'")
        .hasMessageContaining("profiles.yaml:10:37: error[MBT402]: demo.outputs.dev.data_connector.config.fromat: "
            + "unknown parameter 'fromat' for data connector 'local_file' (did you mean 'format'?)");
  }

  @Test
  void rejectsAnUnknownOutputWriterOfAServingPipeline() {
    project.pipeline("s", Pipelines.serving("s").replace("    path: predictions/churn\n", "    destination: snowflake\n    path: predictions/churn\n"));

    assertThat(project.failure("s")).hasMessageContaining("error[MBT401]: serving.output.destination: "
        + "no output writer adapter named 'snowflake' is installed; installed: csv, delta, parquet");
  }
}
