package io.mbt.driver.cli;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestStep;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mbt dag NAME [--mermaid]}. */
@Command(name = "dag", mixinStandardHelpOptions = true, description = "Print a pipeline's compiled DAG, as text or a Mermaid diagram.")
final class DagCommand implements Callable<Integer> {
  @Mixin ProjectOptions options;

  @Parameters(index = "0", paramLabel = "PIPELINE")
  String name;

  @Option(names = "--mermaid", description = "Print a Mermaid flowchart.")
  boolean mermaid;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Manifest manifest = options.compiler().compile(name, options.compileOptions()).manifest();
    PrintWriter out = spec.commandLine().getOut();
    if (mermaid) {
      out.println("flowchart LR");
      for (Map.Entry<String, ManifestStep> e : manifest.steps().entrySet()) {
        out.println("  " + e.getKey() + "[\"" + e.getKey() + "\"]");
      }
      manifest.dag().parentMap().forEach((child, parents) -> parents.forEach(p -> out.println("  " + p + " --> " + child)));
      return MbtCli.OK;
    }
    out.println(name + " (" + manifest.metadata().pipelineType().yamlName() + ", " + manifest.steps().size() + " steps)");
    List<List<String>> batches = manifest.dag().executionBatches();
    for (int i = 0; i < batches.size(); i++) {
      for (String step : batches.get(i)) {
        ManifestStep s = manifest.steps().get(step);
        out.printf("  %2d. %-20s <- %-40s -> %s%n", i + 1, step,
            s.dependsOn().isEmpty() ? "(source)" : String.join(", ", s.dependsOn()), String.join(", ", s.outputs()));
      }
    }
    return MbtCli.OK;
  }
}
