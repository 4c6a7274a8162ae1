package io.mbt.driver.cli;

import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.project.ProjectConfig;
import io.mbt.steps.runner.RunResults;
import io.mbt.steps.runner.RunResultsFiles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mbt inspect NAME --step S}: one step's results of the last run, as JSON. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show one step's results (metrics, digests, outputs) from the last run.")
final class InspectCommand implements Callable<Integer> {
  @Mixin ProjectOptions options;

  @Parameters(index = "0", paramLabel = "PIPELINE")
  String pipeline;

  @Option(names = "--step", required = true, paramLabel = "STEP")
  String step;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ProjectConfig project = options.project();
    RunResults r = RunResultsFiles.read(project.targetDir().resolve(pipeline).resolve(RunResults.FILE))
        .orElseThrow(() -> new UsageException("pipeline " + pipeline + " has not run yet"));
    RunResults.StepResult s = r.steps().get(step);
    if (s == null) {
      throw new UsageException("run " + r.runId() + " has no step '" + step + "'; steps: " + String.join(", ", r.steps().keySet()));
    }
    spec.commandLine().getOut().println(ManifestJson.write(s));
    return MbtCli.OK;
  }
}
