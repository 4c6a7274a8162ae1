package io.mbt.driver.cli;

import io.mbt.compiler.CompileResult;
import io.mbt.compiler.Compiler;
import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.manifest.ManifestFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.mbt.steps.registry.RegisteredRun;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mbt compile [name | --all]}: writes {@code target/<pipeline>/manifest.json} for each pipeline that compiles. */
@Command(name = "compile", mixinStandardHelpOptions = true,
    description = "Compile pipelines to target/<pipeline>/manifest.json. A pipeline with errors writes nothing.")
final class CompileCommand implements Callable<Integer> {
  @Mixin ProjectOptions options;

  @Parameters(arity = "0..*", paramLabel = "PIPELINE", description = "Pipelines to compile.")
  List<String> names = List.of();

  @Option(names = "--all", description = "Compile every pipeline of the project.")
  boolean all;

  @Option(names = "--select", paramLabel = "SELECTOR", description = "Pipeline name or tag:x; repeatable.")
  List<String> select = List.of();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<String> selectors = new ArrayList<>(names);
    selectors.addAll(select);
    if (selectors.isEmpty() && !all) {
      throw new UsageException("name the pipelines to compile, or pass --all (e.g. 'mbt compile churn_xgb_v1')");
    }
    Compiler compiler = options.compiler();
    List<String> selected = Selection.select(compiler, selectors);
    int failed = 0;
    long start = System.nanoTime();
    for (String name : selected) {
      try {
        CompileResult result = compiler.compile(name, options.compileOptionsWithRegistry(compiler));
        MbtCli.printWarnings(spec.commandLine().getErr(), result.warnings());
        Path written = ManifestFiles.write(result.manifest(), compiler.project().targetDir().resolve(name));
        spec.commandLine().getOut().println("compiled " + name + " -> " + compiler.project().root().relativize(written)
            + " (" + result.manifest().steps().size() + " steps, target " + result.manifest().metadata().target() + ")");
        Optional<RegisteredRun> snapshot = RunSupport.takeSnapshot(result.manifest(), compiler.project().root());
        snapshot.ifPresent(run -> spec.commandLine().getOut().println("         artifact snapshot of " + run.registry() + " run " + run.runId()
            + " -> " + compiler.project().root().relativize(compiler.project().targetDir().resolve(name).resolve("snapshot"))));
      } catch (SnapshotFailedException e) {
        failed++;
        spec.commandLine().getOut().println("FAILED   " + name);
        spec.commandLine().getErr().println("error: " + e.getMessage());
      } catch (CompileException e) {
        failed++;
        spec.commandLine().getOut().println("FAILED   " + name);
        MbtCli.printProblems(spec.commandLine().getErr(), e);
      }
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    spec.commandLine().getOut().println((selected.size() - failed) + " of " + selected.size() + " pipelines compiled in " + ms + " ms");
    return failed == 0 ? MbtCli.OK : MbtCli.FAILED;
  }
}
