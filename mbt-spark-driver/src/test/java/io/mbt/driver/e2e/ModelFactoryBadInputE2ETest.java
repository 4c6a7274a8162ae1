package io.mbt.driver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.driver.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code mbt mf} and {@code mbt dataset pin}: what is wrong, where, how to fix it; a non-zero exit; nothing written. */
class ModelFactoryBadInputE2ETest {
  @TempDir Path tmp;
  Path project;

  @BeforeEach
  void copyExample() {
    project = ExampleProjects.copy("telecom-churn", tmp);
  }

  private CliRun mbt(String... args) {
    return CliRun.inProject(project, args);
  }

  @Test
  void aMissingRequestFileIsAUsageErrorThatSaysHowToWriteOne() {
    CliRun run = mbt("mf", "submit", project.resolve("nope.yaml").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("no request file", "mbt mf request");
  }

  @Test
  void aRequestWithATypoIsALocatedErrorAndIsNotRewritten() throws Exception {
    Path request = project.resolve("request.yaml");
    String text = """
        request_id: r1
        intent: baseline_train
        requester_principal: airflow@analytics
        dataset_manifests: [{uri: mf/datasets/telco/manifest.json}]
        training_config: {pipeline: churn_lr_v1}
        policy_profile: {uri: mf/policies/churn.yaml}
        wirng: {target: lake}
        """;
    Files.writeString(request, text);

    CliRun run = mbt("mf", "request", request.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("request.yaml:7:1", "wirng", "wiring");
    assertThat(Files.readString(request)).isEqualTo(text);
  }

  @Test
  void aManifestThatIsNotThereIsNamedWithItsReasonCodeAndTheRequestIsLeftAsItWas() throws Exception {
    Path request = project.resolve("mf/requests/churn-baseline.yaml");
    String before = Files.readString(request);

    CliRun run = mbt("mf", "request", request.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("REF_NOT_FOUND [HARD]", "mf/datasets/telco/manifest.json");
    assertThat(Files.readString(request)).isEqualTo(before);
  }

  @Test
  void pinningATargetThatReadsCsvSaysToReadDelta() {
    CliRun run = mbt("dataset", "pin", "churn_lr_v1", "--as-of", "2026-02-28");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("telco_customer_churn", "not as a Delta table", "format: delta");
    assertThat(project.resolve("local_artifacts/mf/datasets")).doesNotExist();
  }

  @Test
  void badPinArgumentsAreUsageErrorsAndAnUnknownPipelineIsNamed() {
    CliRun date = mbt("dataset", "pin", "churn_lr_v1", "--as-of", "28.02.2026");
    assertThat(date.code()).isEqualTo(2);
    assertThat(date.err()).contains("--as-of must be an ISO date");

    CliRun unknown = mbt("dataset", "pin", "churn_lr", "--target", "lake");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no pipeline named 'churn_lr'", "churn_lr_v1");
  }

  @Test
  void aRunThatIsNotInTheLedgerIsSaidSo() {
    CliRun run = mbt("mf", "status", "tr_0000", "--target", "lake");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("run tr_0000 is not in the ledger", "mbt mf history");
  }
}
