package io.mbt.driver.cli;

import io.mbt.compiler.CompileOptions;
import io.mbt.compiler.Compiler;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestFiles;
import io.mbt.steps.runner.RunFailedException;
import io.mbt.steps.runner.RunRequest;
import io.mbt.steps.runner.RunResults;
import io.mbt.steps.runner.RunResultsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mbt retry NAME [--force]}: resumes the pipeline's last run (same run id and execution
 * date). Steps that completed are reused; the failed step and everything after it run again.
 */
@Command(name = "retry", mixinStandardHelpOptions = true,
    description = "Resume the last run of a pipeline from where it stopped (completed steps are reused; --force reruns all).")
final class RetryCommand implements Callable<Integer> {
  @Mixin ProjectOptions options;

  @Parameters(index = "0", paramLabel = "PIPELINE")
  String pipeline;

  @Option(names = "--force", description = "Rerun every step.")
  boolean force;

  @Option(names = "--run-id", paramLabel = "RUN_ID", description = "Retry this run instead of the last one.")
  String runId;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Compiler compiler = options.compiler();
    compiler.catalog().require(pipeline);
    Path dir = compiler.project().targetDir().resolve(pipeline);
    RunResults last = RunResultsFiles.read(dir.resolve(RunResults.FILE)).orElseThrow(() -> new UsageException(
        "pipeline " + pipeline + " has no run to retry (no " + compiler.project().root().relativize(dir.resolve(RunResults.FILE))
            + "); start one with 'mbt run --select " + pipeline + "'"));
    String id = runId != null ? runId : last.runId();
    if (runId == null && "success".equals(last.status()) && !force) {
      spec.commandLine().getOut().println("run " + id + " of " + pipeline + " succeeded; nothing to retry (use --force to rerun it)");
      return MbtCli.OK;
    }
    // Recompile with the run's own vars and target, so fixes to the YAML apply; changed steps rerun by digest.
    Map<String, String> vars = new LinkedHashMap<>();
    Path previous = dir.resolve(ManifestFiles.MANIFEST);
    Optional<String> aliasRun = Optional.empty();
    if (Files.isRegularFile(previous)) {
      Manifest before = ManifestFiles.read(previous);
      vars.putAll(before.metadata().vars());
      aliasRun = pinnedAliasRun(before);
    }
    vars.putAll(options.parseVars());
    vars.put("execution_date", last.executionDate());
    CompileOptions base = options.compileOptions().withVars(vars).withTarget(options.target != null ? options.target : last.target());
    // A retry serves the run the alias named when the run started, even if the alias moved since.
    CompileOptions compileOptions = aliasRun.map(run -> base.withModelSources((registry, model, alias) -> run))
        .orElseGet(() -> ProjectOptions.withRegistry(compiler, base));
    Manifest manifest = RunSupport.compileAndWrite(compiler, pipeline, compileOptions, spec.commandLine().getErr());
    try {
      RunResults results = RunSupport.runner(RunSupport.spark(manifest, compiler), compiler, pipeline)
          .run(manifest, RunRequest.retry(id, LocalDate.parse(last.executionDate()), force));
      RunSupport.summary(spec.commandLine().getOut(), results);
      return MbtCli.OK;
    } catch (RunFailedException e) {
      return RunSupport.report(spec.commandLine().getOut(), spec.commandLine().getErr(), e);
    }
  }

  /** The run a serving manifest's alias was resolved to, if it has one. */
  private static Optional<String> pinnedAliasRun(Manifest manifest) {
    var loadModel = manifest.steps().get("load_model");
    if (loadModel == null || !loadModel.config().containsKey("alias") || !(loadModel.config().get("run_id") instanceof String run)) {
      return Optional.empty();
    }
    return Optional.of(run);
  }
}
