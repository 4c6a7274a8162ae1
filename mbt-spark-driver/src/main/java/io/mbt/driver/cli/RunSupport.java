package io.mbt.driver.cli;

import io.mbt.steps.registry.RegisteredRun;
import io.mbt.steps.registry.RegistryException;
import io.mbt.steps.serving.ServingSnapshots;
import java.util.Optional;

import io.mbt.compiler.CompileResult;
import io.mbt.compiler.Compiler;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestFiles;
import io.mbt.driver.runtime.SparkRuntime;
import io.mbt.steps.runner.PipelineRunner;
import io.mbt.steps.runner.RunFailedException;
import io.mbt.steps.runner.RunResults;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.SparkSession;

/** What run, exec and retry share: compile, pick the execution date, get Spark, run, report. */
final class RunSupport {
  private RunSupport() {}

  static Manifest compileAndWrite(Compiler compiler, String pipeline, io.mbt.compiler.CompileOptions options, PrintWriter err) {
    CompileResult result = compiler.compile(pipeline, options);
    MbtCli.printWarnings(err, result.warnings());
    ManifestFiles.write(result.manifest(), compiler.project().targetDir().resolve(pipeline));
    try {
      takeSnapshot(result.manifest(), compiler.project().root());
    } catch (SnapshotFailedException e) {
      // A run serves the snapshot it has when the registry is down: load_model checks it is the run the manifest names.
      Path existing = compiler.project().targetDir().resolve(pipeline).resolve("snapshot");
      if (!java.nio.file.Files.isDirectory(existing)) {
        throw e;
      }
      err.println("warning: could not refresh the artifact snapshot (" + e.getMessage() + "); serving the existing one in "
          + compiler.project().root().relativize(existing));
    }
    return result.manifest();
  }

  /**
   * Takes the artifact snapshot a serving manifest asks for ({@code artifact_snapshot: true}).
   *
   * @throws SnapshotFailedException if the run cannot be resolved or copied
   */
  static Optional<RegisteredRun> takeSnapshot(Manifest manifest, Path projectDir) {
    try {
      return ServingSnapshots.take(manifest, projectDir, ServingSnapshots.hadoopConfiguration(manifest));
    } catch (IllegalArgumentException | RegistryException e) {
      throw new SnapshotFailedException("cannot take the artifact snapshot of " + manifest.metadata().pipelineName() + ": " + e.getMessage()
          + ". The registry must be reachable when a pipeline with artifact_snapshot: true is compiled", e);
    }
  }

  static LocalDate executionDate(Manifest manifest, Clock clock) {
    return manifest.metadata().executionDate().map(LocalDate::parse).orElse(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
  }

  static String newRunId(Clock clock) {
    String time = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    return "run_" + time + "_" + HexFormat.of().formatHex(random);
  }

  static PipelineRunner runner(SparkSession spark, Compiler compiler, String pipeline) {
    Path results = compiler.project().targetDir().resolve(pipeline);
    return new PipelineRunner(spark, compiler.project().root(), results, new PrintStream(System.out, true), Clock.systemUTC());
  }

  static SparkSession spark(Manifest manifest, Compiler compiler) {
    return SparkRuntime.session(manifest.profile(), compiler.project().root());
  }

  /** Prints the outcome; returns the exit code. */
  static int report(PrintWriter out, PrintWriter err, RunFailedException e) {
    err.println("error: " + e.getMessage());
    if (!e.hint().isEmpty()) {
      err.println("    hint: " + e.hint());
    }
    err.println("run " + e.results().runId() + " failed at step " + e.step() + "; fix the cause and resume with 'mbt retry "
        + e.results().pipelineName() + "'");
    return MbtCli.FAILED;
  }

  static void summary(PrintWriter out, RunResults results) {
    out.println("run " + results.runId() + ": " + results.status());
    results.registryRunId().ifPresent(id -> out.println("registry run: " + id));
    RunResults.StepResult evaluate = results.steps().get("evaluate");
    if (evaluate != null && evaluate.details().get("metrics") instanceof Map<?, ?> metrics) {
      out.println("metrics: " + metrics);
    }
  }
}
