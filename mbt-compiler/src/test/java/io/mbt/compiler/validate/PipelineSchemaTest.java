package io.mbt.compiler.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.CompileResult;
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

/** Phase 2: the schema of the resolved document. */
class PipelineSchemaTest {
  @TempDir
  Path dir;
  TestProject project;

  @BeforeEach
  void setUp() {
    project = TestProject.in(dir);
  }

  @Test
  void reportsYamlSyntaxErrorsOfAPipelineWithFileLineAndColumn() {
    project.pipeline("p", Pipelines.training("p").replace("  problem_type: binary_classification", "  problem_type: [binary_classification"));

    CompileException e = project.failure("p");

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(ErrorCode.YAML_SYNTAX);
      assertThat(p.location()).isEqualTo(new Location("pipelines/p.yaml", 5, 9));
    });
    assertThat(e).hasMessageStartingWith("pipelines/p.yaml:5:9: error[MBT101]: invalid YAML: expected ',' or ']', but got :");
  }

  @Test
  void reportsSyntaxErrorsOfAFragmentAtTheFragment() {
    project.write("includes/schema.yaml", "target:\n  label_column: 'churned\n")
        .pipeline("p", Pipelines.training("p").replace("  schema:\n    target:\n      label_column: churned\n",
            "  schema: !include includes/schema.yaml\n"));

    assertThat(project.failure("p")).hasMessageStartingWith("includes/schema.yaml:3:1: error[MBT101]: invalid YAML: found unexpected end of stream");
  }

  @Test
  void reportsDuplicateKeysOfAPipeline() {
    project.pipeline("p", Pipelines.training("p").replace("      max_depth: 4\n", "      max_depth: 4\n      max_depth: 6\n"));

    assertThat(project.failure("p")).hasMessageStartingWith(
        "pipelines/p.yaml:15:7: error[MBT102]: duplicate key 'max_depth' (first defined at line 14)");
  }

  @Test
  void reportsEveryWrongTypeOfAFileTogether() {
    project.pipeline("p", """
        schema_version: 1
        project:
          name: p
          problem_type: binary_classification
          tags: {a: 1}
        training:
          data_source:
            label_table: customers
            min_rows: many
          schema:
            target:
              label_column: churned
          transformations:
            normalization:
              enabled: maybe
        """);

    CompileException e = project.failure("p");

    assertThat(e.errors()).extracting(CompileProblem::code).containsOnly(ErrorCode.WRONG_TYPE);
    assertThat(e.errors()).hasSize(3);
    assertThat(e).hasMessageContaining("pipelines/p.yaml:5:9: error[MBT205]: project.tags: expected a list of a name, found a mapping")
        .hasMessageContaining("pipelines/p.yaml:9:15: error[MBT205]: training.data_source.min_rows: expected an integer, found a string 'many'")
        .hasMessageContaining("pipelines/p.yaml:15:16: error[MBT205]: training.transformations.normalization.enabled: expected true or false, found a string 'maybe'")
        .hasMessageEndingWith("3 errors");
  }

  @Test
  void rejectsAValueOutOfRangeShowingTheValue() {
    project.pipeline("p", Pipelines.training("p").replace("    label_table: customers\n", "    label_table: customers\n    min_rows: 0\n"));

    assertThat(project.failure("p")).hasMessageContaining(
        "pipelines/p.yaml:8:15: error[MBT207]: training.data_source.min_rows: must be >= 1, but was: 0");
  }

  @Test
  void readsIntegersAsYamlWritesThemAndRejectsHugeOnes() {
    project.pipeline("p", Pipelines.training("p").replace("    label_table: customers\n", "    label_table: customers\n    min_rows: 0x3E8\n"));
    assertThat(project.compile("p").pipeline().training().orElseThrow().dataSource().minRows()).contains(1000L);

    project.pipeline("p", Pipelines.training("p").replace("    label_table: customers\n", "    label_table: customers\n    min_rows: 1_000\n"));
    assertThat(project.compile("p").pipeline().training().orElseThrow().dataSource().minRows()).contains(1000L);

    project.pipeline("p", Pipelines.training("p").replace("    label_table: customers\n", "    label_table: customers\n    min_rows: 99999999999999999999\n"));
    assertThat(project.failure("p")).hasMessageStartingWith("pipelines/p.yaml:8:15: error[MBT207]: training.data_source.min_rows: "
        + "must be at most 9223372036854775807 in magnitude, but was: 99999999999999999999");
  }

  @Test
  void rejectsAnInvalidEnumValueWithASuggestion() {
    project.pipeline("p", Pipelines.training("p").replace("problem_type: binary_classification", "problem_type: binary_clasification"));

    assertThat(project.failure("p")).hasMessageContaining(
        "pipelines/p.yaml:4:17: error[MBT207]: project.problem_type: 'binary_clasification' is not a valid value (did you mean 'binary_classification'?)")
        .hasMessageContaining("hint: use one of: binary_classification, multiclass_classification, regression");
  }

  @Test
  void reportsUnknownKeysWithDidYouMean() {
    project.pipeline("p", Pipelines.training("p")
        .replace("    label_table: customers\n", "    label_table: customers\n    min_rowz: 10\n")
        .replace("project:\n", "projet_owner: me\nproject:\n"));

    CompileException e = project.failure("p");

    assertThat(e.errors()).extracting(CompileProblem::code).containsOnly(ErrorCode.UNKNOWN_KEY);
    assertThat(e).hasMessageContaining("pipelines/p.yaml:2:1: error[MBT206]: projet_owner: unknown key 'projet_owner'")
        .hasMessageContaining("pipelines/p.yaml:9:5: error[MBT206]: training.data_source.min_rowz: unknown key 'min_rowz' (did you mean 'min_rows'?)")
        .hasMessageContaining("hint: allowed keys under 'training.data_source': label_table, feature_tables, data_windows, split, min_rows");
  }

  @Test
  void suggestsTheTopLevelSectionForAMisspeltOne() {
    project.pipeline("p", Pipelines.training("p").replace("training:", "traning:"));

    CompileException e = project.failure("p");

    assertThat(e).hasMessageContaining("pipelines/p.yaml:5:1: error[MBT206]: traning: unknown key 'traning' (did you mean 'training'?)")
        .hasMessageContaining("error[MBT204]: missing 'training' or 'serving' section");
  }

  @Test
  void reportsAllMissingRequiredSectionsOfOneFileInOneException() {
    project.pipeline("p", """
        schema_version: 1
        project:
          name: p
        """);

    CompileException e = project.failure("p");

    assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(e.errors()).extracting(CompileProblem::code).containsOnly(ErrorCode.MISSING_REQUIRED);
    assertThat(e).hasMessageContaining("pipelines/p.yaml:3:3: error[MBT204]: project: missing required key 'problem_type'")
        .hasMessageContaining("pipelines/p.yaml:1:1: error[MBT204]: missing 'training' or 'serving' section");
  }

  @Test
  void reportsMissingDataSourceAndSchemaTogether() {
    project.pipeline("p", """
        schema_version: 1
        project:
          name: p
          problem_type: regression
        training:
          model_training:
            framework: xgboost
        """);

    CompileException e = project.failure("p");

    assertThat(e.errors()).hasSize(2);
    assertThat(e).hasMessageContaining("pipelines/p.yaml:6:3: error[MBT204]: training: missing required key 'data_source'")
        .hasMessageContaining("pipelines/p.yaml:6:3: error[MBT204]: training: missing required key 'schema'")
        .hasMessageContaining("hint: add 'data_source: <the data_source section>' under 'training'");
  }

  @Test
  void requiresSchemaVersion() {
    project.pipeline("p", Pipelines.training("p").replace("schema_version: 1\n", ""));

    CompileException e = project.failure("p");

    assertThat(e.errors()).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(ErrorCode.MISSING_SCHEMA_VERSION);
      assertThat(p.location()).isEqualTo(new Location("pipelines/p.yaml", 1, 1));
    });
    assertThat(e).hasMessageContaining("error[MBT201]: schema_version: missing required key 'schema_version'")
        .hasMessageContaining("hint: add 'schema_version: 1' as the first line of the file");
  }

  @Test
  void warnsAboutSchemaVersionZeroWithMigrationSteps() {
    project.pipeline("p", Pipelines.training("p").replace("schema_version: 1", "schema_version: 0"));

    CompileResult result = project.compile("p");

    assertThat(result.warnings()).singleElement().satisfies(w -> {
      assertThat(w.code()).isEqualTo(ErrorCode.DEPRECATED_SCHEMA_VERSION);
      assertThat(w.format()).startsWith("pipelines/p.yaml:1:17: warning[MBT203]: schema_version: schema_version 0 is deprecated; it is read as version 1")
          .contains("hint: to migrate: move model_training.config.resources to model_training.resources")
          .contains("then set schema_version: 1");
    });
    assertThat(result.manifest().metadata().schemaVersion()).isZero();
  }

  @Test
  void rejectsASchemaVersionFromTheFuture() {
    project.pipeline("p", Pipelines.training("p").replace("schema_version: 1", "schema_version: 2"));

    assertThat(project.failure("p")).hasMessageContaining(
        "pipelines/p.yaml:1:17: error[MBT202]: schema_version: schema_version 2 is not supported by this mbt (it reads versions 0 to 1)")
        .hasMessageContaining("hint: upgrade mbt, or write schema_version: 1");
  }

  @Test
  void rejectsDataWindowsTogetherWithSplit() {
    project.pipeline("p", """
        schema_version: 1
        project:
          name: p
          problem_type: binary_classification
        training:
          data_source:
            label_table: customers
            data_windows:
              label_window: {offset: -1, unit: month}
              train_window: {duration: 12, unit: month}
            split:
              method: random
          schema:
            target:
              label_column: churned
            identifiers:
              partition_key: snapshot_date
        """);

    CompileException e = project.failure("p");

    assertThat(e.errors()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.CONFLICTING_KEYS));
    assertThat(e).hasMessageContaining("pipelines/p.yaml:11:5: error[MBT208]: training.data_source.split: "
        + "'data_windows' and 'split' cannot be used together: data_windows splits by time, split splits at random");
  }

  @Test
  void requiresAPartitionKeyForDataWindows() {
    project.pipeline("p", Pipelines.training("p").replace("    label_table: customers\n", """
            label_table: customers
            data_windows:
              label_window: {offset: -1, unit: month}
              train_window: {duration: 12, unit: month}
        """));

    assertThat(project.failure("p")).hasMessageContaining(
        "pipelines/p.yaml:6:3: error[MBT204]: training.data_source: data_source.data_windows needs schema.identifiers.partition_key");
  }

  @Test
  void rejectsTrainingAndServingInOneFile() {
    project.pipeline("p", Pipelines.training("p") + """
        serving:
          model_source: {run_id: abc}
          data_source: {scoring_table: t}
          output: {path: out}
        """);

    assertThat(project.failure("p")).hasMessageContaining(
        "error[MBT208]: serving: a pipeline has either 'training' or 'serving', not both");
  }

  @Test
  void rejectsAFileThatIsNotAMapping() {
    project.pipeline("p", "- just\n- a list\n");

    assertThat(project.failure("p")).hasMessageContaining(
        "pipelines/p.yaml:1:1: error[MBT205]: a pipeline file must be a YAML mapping (schema_version, project, training or serving), found a list");
  }

  @Test
  void rejectsResourcesInsideFrameworkConfig() {
    project.pipeline("p", Pipelines.training("p").replace("      max_depth: 4\n", "      max_depth: 4\n      resources: {cpu: \"8\"}\n"));

    assertThat(project.failure("p")).hasMessageContaining(
        "error[MBT207]: training.model_training.config: 'resources' belongs beside 'config', not inside it");
  }

  @Test
  void rejectsAMetricThatDoesNotFitTheProblemType() {
    project.pipeline("p", Pipelines.training("p") + "  evaluation:\n    primary_metric: rmse\n");

    assertThat(project.failure("p")).hasMessageContaining(
        "pipelines/p.yaml:16:21: error[MBT207]: training.evaluation.primary_metric: metric 'rmse' is not available for binary_classification");
  }
}
