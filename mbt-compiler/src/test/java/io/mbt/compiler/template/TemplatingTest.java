package io.mbt.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.CompileResult;
import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.fixtures.Pipelines;
import io.mbt.compiler.fixtures.TestProject;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phase 1, second half: env_var(), var() and secret() in pipelines and profiles. */
class TemplatingTest {
  @TempDir
  Path dir;
  TestProject project;

  @BeforeEach
  void setUp() {
    project = TestProject.in(dir);
  }

  private void labelTable(String template) {
    project.pipeline("p", Pipelines.training("p").replace("label_table: customers", "label_table: \"" + template + "\""));
  }

  private static Object loadedTable(CompileResult result) {
    return result.manifest().step("load_data").config().get("label_table");
  }

  @Test
  void readsEnvVarFromTheEnvironment() {
    labelTable("{{ env_var('CHURN_TABLE') }}");
    project.env("CHURN_TABLE", "customers_2026");

    assertThat(loadedTable(project.compile("p"))).isEqualTo("customers_2026");
  }

  @Test
  void fallsBackToTheEnvVarDefault() {
    labelTable("{{ env_var('CHURN_TABLE', 'customers_default') }}");

    assertThat(loadedTable(project.compile("p"))).isEqualTo("customers_default");
  }

  @Test
  void reportsAMissingEnvVarWithFileLineAndFix() {
    labelTable("{{ env_var('CHURN_TABLE') }}");

    CompileException e = project.failure("p");

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.UNDEFINED_VARIABLE));
    assertThat(e).hasMessageStartingWith(
        "pipelines/p.yaml:7:18: error[MBT109]: training.data_source.label_table: environment variable 'CHURN_TABLE' is not set")
        .hasMessageContaining("hint: export CHURN_TABLE=<value>, or give a default: env_var('CHURN_TABLE', 'default')");
  }

  @Test
  void readsVarFromCommandLineVars() {
    labelTable("{{ var('table') }}");

    assertThat(loadedTable(project.compile("p", project.options().withVars(Map.of("table", "from_cli"))))).isEqualTo("from_cli");
  }

  @Test
  void readsVarFromProjectVarsAndLetsCommandLineVarsWin() {
    project.write("mbt_project.yaml", TestProject.PROJECT_FILE + "vars:\n  table: from_project\n");
    labelTable("{{ var('table') }}");

    assertThat(loadedTable(project.compile("p"))).isEqualTo("from_project");
    CompileResult overridden = project.compile("p", project.options().withVars(Map.of("table", "from_cli")));
    assertThat(loadedTable(overridden)).isEqualTo("from_cli");
    assertThat(overridden.manifest().metadata().vars()).containsEntry("table", "from_cli");
  }

  @Test
  void reportsAnUndefinedVariableNamingFileAndLine() {
    labelTable("{{ var('table') }}");

    assertThat(project.failure("p")).hasMessageStartingWith(
        "pipelines/p.yaml:7:18: error[MBT109]: training.data_source.label_table: variable 'table' is not defined")
        .hasMessageContaining("hint: pass it with --vars table=<value>, set it under 'vars:' in mbt_project.yaml");
  }

  @Test
  void reportsEveryUndefinedVariableOfAFile() {
    project.pipeline("p", Pipelines.training("p")
        .replace("label_table: customers", "label_table: \"{{ var('table') }}\"")
        .replace("label_column: churned", "label_column: \"{{ var('label') }}\""));

    CompileException e = project.failure("p");

    assertThat(e.errors()).hasSize(2);
    assertThat(e).hasMessageContaining("pipelines/p.yaml:7:18: error[MBT109]: training.data_source.label_table: variable 'table' is not defined")
        .hasMessageContaining("pipelines/p.yaml:10:21: error[MBT109]: training.schema.target.label_column: variable 'label' is not defined");
  }

  @Test
  void namesTheFragmentWhenTheUndefinedVariableIsInAnInclude() {
    project.write("includes/source.yaml", "label_table: \"{{ var('table') }}\"\n")
        .pipeline("p", Pipelines.training("p").replace("  data_source:\n    label_table: customers\n", "  data_source: !include includes/source.yaml\n"));

    assertThat(project.failure("p")).hasMessageStartingWith(
        "includes/source.yaml:1:14: error[MBT109]: training.data_source.label_table: variable 'table' is not defined");
  }

  @Test
  void typesARenderedValueLikeYamlWould() {
    project.pipeline("p", Pipelines.training("p").replace("max_depth: 4", "max_depth: \"{{ var('depth', 6) }}\""));

    CompileResult result = project.compile("p");

    assertThat(result.pipeline().training().orElseThrow().modelTraining().config()).containsEntry("max_depth", 6L);
  }

  @Test
  void reportsATemplateSyntaxError() {
    labelTable("{{ var('table' }}");

    CompileException e = project.failure("p");

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.TEMPLATE_ERROR));
    assertThat(e).hasMessageStartingWith("pipelines/p.yaml:7:18: error[MBT108]: training.data_source.label_table: template error in \"{{ var('table' }}\"".replace("\"{{", "'{{").replace("}}\"", "}}'"))
        .hasMessageContaining("hint: available functions: env_var('KEY'[, 'default']), var('name'[, 'default']), secret('key')");
  }

  @Test
  void keepsSecretsAsReferencesAndNeverWritesTheirValues() {
    String secretValue = "s3cr3t-value-that-must-not-leak";
    project.write("profiles.yaml", """
            demo:
              target: dev
              outputs:
                dev:
                  storage:
                    type: s3
                    config:
                      bucket: models
                      access_key: "{{ secret('aws/access_key') }}"
                  data_connector:
                    type: jdbc
                    config:
                      url: "jdbc:postgresql://{{ secret('db/host') }}:5432/ml"
                      password: "{{ secret('db/password') }}"
            """)
        .env("aws/access_key", secretValue).env("AWS_ACCESS_KEY", secretValue).env("DB_PASSWORD", secretValue)
        .pipeline("p", Pipelines.training("p"));

    Manifest manifest = project.compile("p").manifest();

    assertThat(manifest.profile().storage().config()).containsEntry("access_key", "secret:aws/access_key");
    assertThat(manifest.profile().dataConnector().config())
        .containsEntry("url", "jdbc:postgresql://${secret:db/host}:5432/ml")
        .containsEntry("password", "secret:db/password");
    assertThat(manifest.metadata().secretsReferenced()).containsExactly("aws/access_key", "db/host", "db/password");
    assertThat(ManifestJson.write(manifest)).doesNotContain(secretValue).contains("\"secret:db/password\"");
  }

  @Test
  void keepsASecretInAPipelineAsAReference() {
    project.pipeline("p", Pipelines.training("p") + """
          custom_steps:
            - name: notify
              class: com.acme.Notify
              config:
                token: "{{ secret('slack/token') }}"
        """).env("SLACK_TOKEN", "xoxb-secret");

    Manifest manifest = project.compile("p").manifest();

    assertThat(manifest.step("notify").config()).containsEntry("config", Map.of("token", "secret:slack/token"));
    assertThat(ManifestJson.write(manifest)).doesNotContain("xoxb-secret");
  }
}
