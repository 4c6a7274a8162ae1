package io.mbt.driver.cli;

import io.mbt.compiler.project.ProjectConfig;
import io.mbt.steps.runner.RunResults;
import io.mbt.steps.runner.RunResultsFiles;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mbt status NAME}: the last run of a pipeline, step by step. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the last run of a pipeline.")
final class StatusCommand implements Callable<Integer> {
  @Mixin ProjectOptions options;

  @Parameters(index = "0", paramLabel = "PIPELINE")
  String pipeline;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ProjectConfig project = options.project();
    RunResults r = RunResultsFiles.read(project.targetDir().resolve(pipeline).resolve(RunResults.FILE))
        .orElseThrow(() -> new UsageException("pipeline " + pipeline + " has not run yet; run it with 'mbt run --select " + pipeline + "'"));
    PrintWriter out = spec.commandLine().getOut();
    out.println(r.pipelineName() + "  run " + r.runId() + "  " + r.status().toUpperCase() + "  target " + r.target() + "  execution_date "
        + r.executionDate());
    out.println("  started " + r.startedAt() + r.completedAt().map(c -> ", completed " + c).orElse(""));
    r.registryRunId().ifPresent(id -> out.println("  registry run " + id));
    r.error().ifPresent(e -> out.println("  error: " + e));
    for (Map.Entry<String, RunResults.StepResult> e : r.steps().entrySet()) {
      RunResults.StepResult s = e.getValue();
      out.printf("  %-22s %-8s %8s%s%n", e.getKey(), s.status(), s.durationSeconds().map(d -> String.format("%.1f s", d)).orElse(""),
          s.error().map(x -> "  " + x).orElse(""));
    }
    return MbtCli.OK;
  }
}
