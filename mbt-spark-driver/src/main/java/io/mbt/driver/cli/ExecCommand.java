package io.mbt.driver.cli;

import io.mbt.compiler.Compiler;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestFiles;
import io.mbt.steps.runner.RunFailedException;
import io.mbt.steps.runner.RunRequest;
import io.mbt.steps.runner.RunResults;
import io.mbt.steps.runner.RunResultsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mbt exec --pipeline P --step S --run-id R}: runs one step of a run, reading its inputs from
 * the artifact store — what an orchestrator's task calls.
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
    description = "Run one step of a pipeline run; its inputs are read from the artifact store (for orchestrators).")
final class ExecCommand implements Callable<Integer> {
  @Mixin ProjectOptions options;

  @Option(names = "--pipeline", required = true, paramLabel = "PIPELINE")
  String pipeline;

  @Option(names = "--step", required = true, paramLabel = "STEP")
  String step;

  @Option(names = "--run-id", required = true, paramLabel = "RUN_ID", description = "The run the step belongs to; all tasks of one DAG run share it.")
  String runId;

  @Option(names = "--manifest", paramLabel = "FILE", description = "Use this compiled manifest (default: target/<pipeline>/manifest.json, compiled if absent).")
  Path manifestFile;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Compiler compiler = options.compiler();
    Path file = manifestFile != null ? manifestFile : compiler.project().targetDir().resolve(pipeline).resolve(ManifestFiles.MANIFEST);
    Manifest manifest = Files.isRegularFile(file) && options.vars.isEmpty() && options.target == null
        ? ManifestFiles.read(file)
        : RunSupport.compileAndWrite(compiler, pipeline, options.compileOptionsWithRegistry(compiler), spec.commandLine().getErr());
    Clock clock = Clock.systemUTC();
    LocalDate date = RunResultsFiles.read(compiler.project().targetDir().resolve(pipeline).resolve(RunResults.FILE))
        .filter(r -> r.runId().equals(runId)).map(r -> LocalDate.parse(r.executionDate()))
        .orElseGet(() -> RunSupport.executionDate(manifest, clock));
    try {
      RunResults results = RunSupport.runner(RunSupport.spark(manifest, compiler), compiler, pipeline).run(manifest, RunRequest.exec(runId, date, step));
      spec.commandLine().getOut().println("step " + step + " of run " + runId + ": " + results.steps().get(step).status());
      return MbtCli.OK;
    } catch (RunFailedException e) {
      return RunSupport.report(spec.commandLine().getOut(), spec.commandLine().getErr(), e);
    }
  }
}
