package io.mbt.driver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.driver.cli.CliRun;
import io.mbt.driver.cli.MbtCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs through the real CLI ({@code mbt run} in this JVM, embedded local Spark) on a copy of
 * the example project with tiny tables: each run exits non-zero, says what is wrong, where and how
 * to fix it, records the failure in run_results.json, and leaves nothing of the failed step in the
 * artifact store (the steps before it keep their completed outputs, so {@code mbt retry} resumes).
 */
class BadInputE2ETest {
  @TempDir static Path tmp;
  static Path project;

  /** The label table's shape, shared by every pipeline below; each test changes one thing. */
  private static final String PIPELINE = """
      schema_version: 1
      project:
        name: %s
        experiment_name: bad_inputs
        owner: tests
        problem_type: binary_classification
      training:
        data_source:
          label_table: %s
      %s
          split: {method: random, test_size: 0.25, seed: 1}
      %s
        schema:
          target:
            label_column: churned
            classes: ["no", "yes"]
            positive_class: "yes"
          identifiers:
            primary_key: customer_id
      %s
      %s
        model_training:
          framework: mllib_logistic_regression
          config: {max_iter: 5}
      """;

  @BeforeAll
  static void copyExampleWithTinyTables() throws IOException {
    project = ExampleProjects.copy("telecom-churn", tmp);
    StringBuilder customers = new StringBuilder("customer_id,plan,tenure,monthly,churned\n");
    StringBuilder usage = new StringBuilder("customer_id,calls\n");
    for (int i = 1; i <= 60; i++) {
      int tenure = i * 7 % 72;
      customers.append(i).append(',').append(List.of("basic", "plus", "pro").get(i % 3)).append(',').append(tenure).append(',')
          .append(20 + i * 13 % 100).append(".5,").append(tenure < 12 || i % 10 == 0 ? "yes" : "no").append('\n');
      usage.append(i).append(',').append(i % 17).append('\n');
    }
    usage.append("7,3\n7,9\n12,4\n"); // customer 7 three times, 12 twice
    Files.writeString(project.resolve("sample_data/tiny_customers.csv"), customers);
    Files.writeString(project.resolve("sample_data/tiny_usage.csv"), usage);
  }

  private static CliRun mbt(String... args) {
    return CliRun.of(args);
  }

  /** Writes pipelines/NAME.yaml from {@link #PIPELINE}; blank parts are left out. */
  private static void pipeline(String name, String labelTable, String featureTables, String dataSourceExtra, String schemaExtra,
      String validation) {
    String yaml = PIPELINE.formatted(name, labelTable, featureTables, dataSourceExtra, schemaExtra, validation)
        .lines().filter(l -> !l.isBlank()).reduce("", (a, l) -> a + l + "\n");
    try {
      Files.writeString(project.resolve("pipelines").resolve(name + ".yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CliRun run(String pipeline) {
    return mbt("run", "--select", pipeline, "--project-dir", project.toString());
  }

  @Test
  void missingTableNamesTheTableWhereItWasLookedForAndTheFix() throws IOException {
    pipeline("bad_missing_table", "tiny_customer", "", "", "    ignored_columns: [customer_id]", "");

    CliRun run = run("bad_missing_table");

    assertFailedCleanly("bad_missing_table", "load_data", run, List.of(),
        "table 'tiny_customer' not found by the local_file connector", "sample_data/tiny_customer.csv", "existing: ", "tiny_customers.csv");
    assertThat(run.err()).contains("hint: fix the table name in training.data_source (label_table / feature_tables)");
  }

  @Test
  void missingColumnNamesTheColumnTheTableItsColumnsAndTheFix() throws IOException {
    pipeline("bad_missing_column", "tiny_customers", "", "", "    feature_columns: [plan, tenure, monthly_charges]", "");

    CliRun run = run("bad_missing_column");

    assertFailedCleanly("bad_missing_column", "load_data", run, List.of(),
        "column 'monthly_charges' is not in table 'tiny_customers'", "sample_data/tiny_customers.csv",
        "its columns: customer_id, plan, tenure, monthly, churned");
    assertThat(run.err()).contains("hint: fix the column name in training.schema (feature_columns");
  }

  @Test
  void joinThatFansOutGivesTheCountsTheDuplicatedKeysAndTheFix() throws IOException {
    pipeline("bad_fan_out", "tiny_customers", """
            feature_tables:
              - tiny_customers
              - {table: tiny_usage, join_key: customer_id, join_type: left, fan_out_check: true}
        """, "", "    ignored_columns: [customer_id]", "");

    CliRun run = run("bad_fan_out");

    assertFailedCleanly("bad_fan_out", "join_tables", run, List.of("load_data"),
        "joining table 'tiny_usage' on [customer_id] fans out: 'tiny_customers' has 60 rows and the left join has 63",
        "2 keys occur more than once in 'tiny_usage'", "customer_id=7 x3", "customer_id=12 x2");
    assertThat(run.err()).contains("hint: make 'tiny_usage' unique on its join_key").contains("fan_out_check: false");
  }

  @Test
  void failingValidationCheckNamesTheCheckTheColumnTheCountsAndTheFix() throws IOException {
    pipeline("bad_validation", "tiny_customers", "", "", "    ignored_columns: [customer_id]", """
          validation:
            on_failure: warn
            checks:
              - type: value_range
                column: tenure
                min: 0
                max: 24
                on_failure: fail
        """);

    CliRun run = run("bad_validation");

    assertFailedCleanly("bad_validation", "validate_data", run, List.of("load_data"),
        "1 of 1 data validation checks failed", "value_range [tenure]", "of 60 values outside [0, 24]", "max 71");
    assertThat(run.err()).contains("hint: fix the data, or relax the checks in training.validation");
  }

  @Test
  void fewerRowsThanMinRowsGivesTheSplitCountsAndTheFix() throws IOException {
    pipeline("bad_min_rows", "tiny_customers", "", "    min_rows: 1000", "    ignored_columns: [customer_id]", "");

    CliRun run = run("bad_min_rows");

    assertFailedCleanly("bad_min_rows", "split_data", run, List.of("load_data"),
        "fewer than min_rows = 1000", "(split 'random'", "test rows");
    assertThat(run.err()).contains("hint: ").contains("or lower training.data_source.min_rows");
  }

  @Test
  void unknownFrameworkParameterIsACompileErrorWithFileLineColumnAndDidYouMean() throws IOException {
    Path yaml = project.resolve("pipelines/churn_xgb_v1.yaml");
    String original = Files.readString(yaml);
    Files.writeString(yaml, original.replace("max_depth: 4", "max_depht: 4"));
    try {
      CliRun run = run("churn_xgb_v1");

      assertThat(run.code()).as(run.out() + run.err()).isEqualTo(MbtCli.FAILED);
      int line = original.lines().toList().indexOf(original.lines().filter(l -> l.contains("max_depth: 4")).findFirst().orElseThrow()) + 1;
      assertThat(run.err()).contains("pipelines/churn_xgb_v1.yaml:" + line + ":7: ")
          .contains("training.model_training.config.max_depht: unknown parameter 'max_depht' for framework 'xgboost'")
          .contains("(did you mean 'max_depth'?)")
          .contains("hint: valid parameters: ");
      // Nothing ran: no manifest, no run results, no artifacts.
      assertThat(project.resolve("target/churn_xgb_v1")).doesNotExist();
      assertThat(project.resolve("local_artifacts/churn_xgb_v1")).doesNotExist();
    } finally {
      Files.writeString(yaml, original);
    }
  }

  /**
   * The run failed at {@code step} with a message containing {@code message} on stderr and in
   * run_results.json; {@code completed} steps kept their outputs and step records; the failed step
   * and every later one left nothing in the artifact store.
   */
  private static void assertFailedCleanly(String pipeline, String step, CliRun run, List<String> completed, String... message)
      throws IOException {
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(MbtCli.FAILED);
    assertThat(run.err()).contains("error: step " + step + " failed: ").contains(message)
        .contains("failed at step " + step + "; fix the cause and resume with 'mbt retry " + pipeline + "'");

    JsonNode results = ManifestJson.mapper().readTree(Files.readString(project.resolve("target").resolve(pipeline).resolve("run_results.json")));
    assertThat(results.get("status").asText()).isEqualTo("failed");
    assertThat(results.get("error").asText()).startsWith("step " + step + ": ").contains(message);
    JsonNode failed = results.at("/steps/" + step);
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("error").asText()).contains(message);
    assertThat(failed.get("outputs")).isEmpty();

    Path runDir = project.resolve("local_artifacts").resolve(pipeline).resolve(results.get("run_id").asText());
    results.get("steps").fieldNames().forEachRemaining(name -> {
      Path stepDir = runDir.resolve(name);
      if (completed.contains(name)) {
        assertThat(results.at("/steps/" + name + "/status").asText()).as(name).isEqualTo("success");
        assertThat(stepDir.resolve("step_record.json")).as(name).exists();
      } else {
        if (!name.equals(step)) {
          assertThat(results.at("/steps/" + name + "/status").asText()).as(name).isEqualTo("pending");
        }
        assertThat(filesUnder(stepDir)).as("artifacts left by " + name).isEmpty();
      }
    });
    assertThat(filesUnder(runDir)).as("temp files left in the run").noneMatch(p -> p.contains("_tmp-"));
  }

  /** Every file under {@code dir} (relative paths); none if it does not exist. */
  private static List<String> filesUnder(Path dir) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
