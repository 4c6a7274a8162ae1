package io.mbt.compiler.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.fixtures.Pipelines;
import io.mbt.compiler.fixtures.TestProject;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code mf:} section of profiles.yaml: read into the manifest's target, profile-wide or per target, and checked. */
class MfSettingsTest {
  @TempDir Path dir;

  private TestProject project(String profiles) {
    return TestProject.in(dir).write("profiles.yaml", profiles).pipeline("p", Pipelines.training("p"));
  }

  @Test
  void aTargetsMfSectionReachesTheManifest() {
    TestProject p = project("""
        demo:
          target: dev
          outputs:
            dev:
              mf:
                root: s3a://lake/mf
                single_writer: true
                lease: {ttl_seconds: 60, heartbeat_seconds: 10}
                signals: {sink: "s3a://lake/mf/facts"}
        """);

    MfSettings mf = p.compile("p", p.options()).manifest().profile().mf();

    assertThat(mf).isEqualTo(new MfSettings(Optional.of("s3a://lake/mf"), true, 60, 10, "s3a://lake/mf/facts"));
  }

  @Test
  void withoutTheSectionTheDefaultsApply() {
    TestProject p = project("demo:\n  target: dev\n  outputs:\n    dev: {}\n");

    assertThat(p.compile("p", p.options()).manifest().profile().mf()).isEqualTo(MfSettings.defaults());
  }

  @Test
  void aProfileWideSectionAppliesToEveryTarget() {
    TestProject p = project("""
        demo:
          target: dev
          mf: {lease: {ttl_seconds: 300, heartbeat_seconds: 60}}
          outputs:
            dev: {}
        """);

    assertThat(p.compile("p", p.options()).manifest().profile().mf().leaseTtlSeconds()).isEqualTo(300);
  }

  @Test
  void aHeartbeatAboveHalfTheTtlAndAnUnknownSinkAreLocatedErrors() {
    TestProject p = project("""
        demo:
          target: dev
          outputs:
            dev:
              mf:
                lease: {ttl_seconds: 20, heartbeat_seconds: 15}
                signals: {sink: kafka}
                leese: 1
        """);

    CompileException e = p.failure("p");

    assertThat(e).hasMessageContaining("lease.heartbeat_seconds (15) must be at most half of lease.ttl_seconds (20)")
        .hasMessageContaining("signals.sink must be none, log, or a directory URI for control facts, but was 'kafka'")
        .hasMessageContaining("leese");
    assertThat(e.errors()).allSatisfy(problem -> assertThat(problem.format()).startsWith("profiles.yaml:"));
  }
}
