package io.mbt.driver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.driver.cli.MbtCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed hard (SIGKILL, a separate JVM) once train_model has started (and the step before
 * it has committed: its model files are written behind train_model's start) is finished by {@code
 * mbt retry} without rerunning the steps that had completed.
 */
class KillAndRetryE2ETest {
  @TempDir Path tmp;

  @Test
  void retryFinishesAKilledRunWithoutRerunningCompletedSteps() throws Exception {
    Path project = ExampleProjects.copy("telecom-churn", tmp);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getProperty("mbt.test.jvmflags", "").split(" ")).stream().filter(s -> !s.isBlank()).toList());
    command.addAll(List.of("-Xmx2g", "-cp", System.getProperty("java.class.path"), MbtCli.class.getName(),
        "run", "--select", "churn_gbt_v1", "--project-dir", project.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("killed-run.log").toFile()).start();
    Path log = project.resolve("logs/churn_gbt_v1");
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    boolean trainingStarted = false;
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      // normalize's fitted transforms are written behind train_model's start: wait for its commit too.
      if (Files.isDirectory(log) && hasEvent(eventsOf(log), "train_model", "step_started") && hasEvent(eventsOf(log), "normalize", "step_completed")) {
        trainingStarted = true;
        break;
      }
      Thread.sleep(200); // polling a file written by another process: no latch can cross the JVM boundary
    }
    assertThat(trainingStarted).as("train_model started before the deadline; log:\n" + Files.readString(tmp.resolve("killed-run.log"))).isTrue();
    process.destroyForcibly();
    process.waitFor();

    assertThat(Files.readString(project.resolve("target/churn_gbt_v1/run_results.json"))).contains("\"status\" : \"running\"");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MbtCli.execute(new String[] {"retry", "churn_gbt_v1", "--project-dir", project.toString()}, new PrintWriter(out, true),
        new PrintWriter(err, true));
    assertThat(code).as(out + "\n" + err).isZero();

    Map<String, Long> starts = eventsOf(log).stream().filter(e -> e.contains("\"event\":\"step_started\""))
        .collect(Collectors.groupingBy(e -> e.replaceAll(".*\"step\":\"([^\"]+)\".*", "$1"), Collectors.counting()));
    assertThat(starts).containsEntry("load_data", 1L).containsEntry("validate_data", 1L).containsEntry("split_data", 1L)
        .containsEntry("encode", 1L).containsEntry("normalize", 1L).containsEntry("train_model", 2L).containsEntry("evaluate", 1L);
    assertThat(Files.readString(project.resolve("target/churn_gbt_v1/run_results.json"))).contains("\"status\" : \"success\"");
  }

  private static boolean hasEvent(List<String> events, String step, String event) {
    return events.stream().anyMatch(e -> e.contains("\"step\":\"" + step + "\"") && e.contains("\"event\":\"" + event + "\""));
  }

  private static List<String> eventsOf(Path dir) throws Exception {
    List<String> lines = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    return lines;
  }
}
