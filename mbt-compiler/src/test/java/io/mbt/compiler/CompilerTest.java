package io.mbt.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.fixtures.Pipelines;
import io.mbt.compiler.fixtures.TestProject;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestFiles;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.model.PipelineType;
import io.mbt.compiler.model.ProblemType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiler end to end: names, execution dates, metadata and the manifest file. */
class CompilerTest {
  @TempDir
  Path dir;
  TestProject project;

  @BeforeEach
  void setUp() {
    project = TestProject.in(dir).pipeline("p", Pipelines.training("p"));
  }

  private CompileOptions executionDate(String date) {
    return project.options().withVars(Map.of("execution_date", date));
  }

  @Test
  void refusesAnExecutionDateInTheFuture() {
    CompileException e = project.failure("p", executionDate("2026-01-02"));

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.INVALID_VALUE));
    assertThat(e).hasMessageStartingWith("--vars execution_date: error[MBT207]: execution_date: "
        + "execution_date 2026-01-02 is in the future (today is 2026-01-01); its windows would read data that does not exist yet")
        .hasMessageContaining("hint: use a date up to today");
  }

  @Test
  void acceptsTodayAsExecutionDateAndRecordsIt() {
    Manifest manifest = project.compile("p", executionDate("2026-01-01")).manifest();

    assertThat(manifest.metadata().executionDate()).contains("2026-01-01");
    assertThat(manifest.metadata().vars()).containsEntry("execution_date", "2026-01-01");
  }

  @Test
  void rejectsAnExecutionDateThatIsNotADate() {
    assertThat(project.failure("p", executionDate("01/02/2025"))).hasMessageStartingWith(
        "--vars execution_date: error[MBT207]: execution_date: execution_date '01/02/2025' is not a date")
        .hasMessageContaining("hint: write it as YYYY-MM-DD, e.g. --vars execution_date=2026-02-01");
  }

  @Test
  void rejectsAnExecutionDateFromProjectVarsThatIsInTheFuture() {
    project.write("mbt_project.yaml", TestProject.PROJECT_FILE + "vars:\n  execution_date: \"2030-01-01\"\n");

    assertThat(project.failure("p")).hasMessageContaining("execution_date 2030-01-01 is in the future (today is 2026-01-01)");
  }

  @Test
  void rejectsAnUnknownPipelineWithASuggestion() {
    CompileException e = catchThrowableOfType(CompileException.class, () -> project.compile("zzz"));
    CompileException typo = catchThrowableOfType(CompileException.class, () -> project.pipeline("churn_xgb_v1", Pipelines.training("churn_xgb_v1"))
        .compile("churn_xgb_v2"));

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.PIPELINE_NOT_FOUND));
    assertThat(e).hasMessageStartingWith(project.root().toAbsolutePath().normalize() + ": error[MBT004]: no pipeline named 'zzz'; pipelines: p")
        .hasMessageContaining("hint: pipelines are the *.yaml files in [pipelines] (files starting with '_' are base pipelines)");
    assertThat(typo).hasMessageContaining("no pipeline named 'churn_xgb_v2' (did you mean 'churn_xgb_v1'?); pipelines: churn_xgb_v1, p");
  }

  @Test
  void requiresTheProjectNameToMatchTheFileName() {
    project.pipeline("churn", Pipelines.training("churn_v2"));

    assertThat(project.failure("churn")).hasMessageStartingWith("pipelines/churn.yaml:3:3: error[MBT207]: project.name: "
        + "project.name 'churn_v2' differs from the file name 'churn'")
        .hasMessageContaining("hint: rename the file to churn_v2.yaml or set project.name: churn");
  }

  @Test
  void rejectsTwoPipelineFilesWithOneName() {
    project.write("mbt_project.yaml", TestProject.PROJECT_FILE + "pipeline_paths: [pipelines, more]\n")
        .write("more/p.yml", Pipelines.training("p"));

    CompileException e = catchThrowableOfType(CompileException.class, () -> project.compiler());

    assertThat(e).hasMessageStartingWith("more/p.yml:1:1: error[MBT005]: pipeline name 'p' is used by two files: pipelines/p.yaml and more/p.yml");
  }

  @Test
  void findsPipelinesInSubdirectories() {
    project.write("pipelines/churn/nested.yaml", Pipelines.training("nested"));

    assertThat(project.compiler().catalog().names()).containsExactly("nested", "p");
    assertThat(project.compile("nested").manifest().metadata().sources().get(0).path()).isEqualTo("pipelines/churn/nested.yaml");
  }

  @Test
  void recordsWhatTheManifestIsFor() {
    Manifest manifest = project.compile("p").manifest();

    assertThat(manifest.metadata().generatedAt()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(manifest.metadata().pipelineName()).isEqualTo("p");
    assertThat(manifest.metadata().pipelineType()).isEqualTo(PipelineType.TRAINING);
    assertThat(manifest.metadata().projectName()).isEqualTo("demo");
    assertThat(manifest.metadata().profile()).isEqualTo("demo");
    assertThat(manifest.metadata().target()).isEqualTo("dev");
    assertThat(manifest.metadata().problemType()).isEqualTo(ProblemType.BINARY_CLASSIFICATION);
    assertThat(manifest.metadata().experimentName()).isEqualTo("p");
    assertThat(manifest.metadata().mbtVersion()).isEqualTo(MbtVersion.current()).isNotBlank();
    assertThat(manifest.metadata().executionDate()).isEmpty();
    assertThat(manifest.metadata().sources()).allSatisfy(s -> assertThat(s.sha256()).matches("sha256:[0-9a-f]{64}"));
    assertThat(manifest.metadata().pipelineDigest()).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void givesEqualWorkAnEqualDigest() {
    String first = project.compile("p").manifest().metadata().pipelineDigest();
    String again = project.compile("p").manifest().metadata().pipelineDigest();
    project.pipeline("p", Pipelines.training("p").replace("max_depth: 4", "max_depth: 5"));
    String changed = project.compile("p").manifest().metadata().pipelineDigest();

    assertThat(again).isEqualTo(first);
    assertThat(changed).isNotEqualTo(first);
  }

  @Test
  void writesAManifestThatReadsBackTheSame() {
    Manifest manifest = project.compile("p").manifest();

    Path file = ManifestFiles.write(manifest, dir.resolve("target/p"));

    assertThat(file).isEqualTo(dir.resolve("target/p/manifest.json"));
    assertThat(ManifestJson.write(ManifestFiles.read(file))).isEqualTo(ManifestJson.write(manifest));
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void writesSnakeCaseJsonWithoutEmptyOptionals() {
    String json = ManifestJson.write(project.compile("p").manifest());

    assertThat(json).contains("\"execution_batches\"", "\"parent_map\"", "\"pipeline_digest\"", "\"depends_on\"")
        .doesNotContain("\"executionBatches\"", "\"execution_date\"", "\"owner\"");
  }

  @Test
  void resolvesWithoutValidatingForShowResolved() {
    project.pipeline("broken", "schema_version: 1\nproject: {name: broken}\nunknown_section: {a: 1}\n");

    assertThat(project.compiler().resolve("broken").keys()).containsExactly("schema_version", "project", "unknown_section");
  }

  @Test
  void reportsErrorsOfSeveralPhasesOfOneFileInOneException() {
    project.pipeline("p", Pipelines.training("p").replace("label_column: churned", "label_colum: churned"));

    CompileException e = project.failure("p", executionDate("2030-01-01"));

    assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(e).hasMessageContaining("unknown key 'label_colum'")
        .hasMessageContaining("missing required key 'label_column'")
        .hasMessageContaining("execution_date 2030-01-01 is in the future");
  }
}
