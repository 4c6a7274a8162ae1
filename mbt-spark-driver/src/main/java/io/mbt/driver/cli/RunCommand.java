package io.mbt.driver.cli;

import io.mbt.compiler.Compiler;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.steps.runner.RunFailedException;
import io.mbt.steps.runner.RunRequest;
import io.mbt.steps.runner.RunResults;
import io.mbt.steps.runner.StorageRoots;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mbt run --select …}: compile, then execute every step on Spark. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Compile and run pipelines on Spark (embedded local Spark unless under spark-submit). Writes target/<pipeline>/run_results.json.")
final class RunCommand implements Callable<Integer> {
  @Mixin ProjectOptions options;

  @Option(names = {"-s", "--select"}, paramLabel = "SELECTOR", description = "Pipeline name or tag:x; repeatable.")
  List<String> select = new ArrayList<>();

  @Parameters(arity = "0..*", paramLabel = "PIPELINE", description = "Pipelines to run (same as --select).")
  List<String> names = List.of();

  @Option(names = "--dry-run", description = "Compile and show the plan without running anything.")
  boolean dryRun;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<String> selectors = new ArrayList<>(select);
    selectors.addAll(names);
    if (selectors.isEmpty()) {
      throw new UsageException("choose pipelines with --select NAME or --select tag:x (e.g. mbt run --select churn_xgb_v1)");
    }
    Compiler compiler = options.compiler();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> pipelines = Selection.select(compiler, selectors);
    Map<String, Manifest> manifests = new LinkedHashMap<>();
    for (String p : pipelines) {
      manifests.put(p, RunSupport.compileAndWrite(compiler, p, options.compileOptionsWithRegistry(compiler), err));
    }
    if (dryRun) {
      manifests.forEach((name, m) -> plan(out, compiler, m));
      return MbtCli.OK;
    }
    int failed = 0;
    for (Manifest manifest : manifests.values()) {
      Clock clock = Clock.systemUTC();
      String pipeline = manifest.metadata().pipelineName();
      try {
        RunResults results = RunSupport.runner(RunSupport.spark(manifest, compiler), compiler, pipeline)
            .run(manifest, RunRequest.run(RunSupport.newRunId(clock), RunSupport.executionDate(manifest, clock)));
        RunSupport.summary(out, results);
      } catch (RunFailedException e) {
        failed++;
        RunSupport.report(out, err, e);
      }
    }
    return failed == 0 ? MbtCli.OK : MbtCli.FAILED;
  }

  private static void plan(PrintWriter out, Compiler compiler, Manifest m) {
    out.println("plan for " + m.metadata().pipelineName() + " (target " + m.metadata().target() + ", execution_date "
        + m.metadata().executionDate().orElse("today") + ")");
    out.println("  artifacts: " + StorageRoots.forPipeline(m.profile().storage(), compiler.project().root(), m.metadata().pipelineName())
        + "/<run_id>/<step>/");
    int batch = 0;
    for (List<String> steps : m.dag().executionBatches()) {
      batch++;
      for (String s : steps) {
        ManifestStep step = m.steps().get(s);
        out.printf("  %2d. %-20s %-55s%s%n", batch, s, step.plugin(),
            step.resources().isEmpty() ? "" : " " + step.resources().cpu().map(c -> "cpu=" + c + " ").orElse("")
                + step.resources().memory().map(mm -> "memory=" + mm).orElse(""));
      }
    }
  }
}
