package io.mbt.driver.cli;

import io.mbt.compiler.CompileResult;
import io.mbt.compiler.Compiler;
import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.yaml.YamlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mbt validate [name] [--show-resolved]}: phases 1–4 without writing anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check pipelines (schema, plugins, DAG) without writing manifests. All errors of all pipelines are reported.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin ProjectOptions options;

  @Parameters(arity = "0..*", paramLabel = "PIPELINE", description = "Pipelines to validate (default: all).")
  List<String> names = List.of();

  @Option(names = "--select", paramLabel = "SELECTOR", description = "Pipeline name or tag:x; repeatable.")
  List<String> select = List.of();

  @Option(names = "--show-resolved", description = "Print each pipeline's YAML after base pipelines and includes are merged.")
  boolean showResolved;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Compiler compiler = options.compiler();
    List<String> selectors = new ArrayList<>(names);
    selectors.addAll(select);
    List<String> selected = Selection.select(compiler, selectors);
    List<CompileProblem> problems = new ArrayList<>();
    int failed = 0;
    for (String name : selected) {
      try {
        if (showResolved) {
          spec.commandLine().getOut().println("# ---- " + name + " (resolved) ----");
          spec.commandLine().getOut().print(YamlWriter.write(compiler.resolve(name)));
        }
        CompileResult result = compiler.compile(name, options.compileOptions());
        problems.addAll(result.warnings());
        spec.commandLine().getOut().println("OK    " + name + " (" + result.manifest().steps().size() + " steps)");
      } catch (CompileException e) {
        failed++;
        problems.addAll(e.problems());
        spec.commandLine().getOut().println("FAIL  " + name);
      }
    }
    problems.forEach(p -> spec.commandLine().getErr().println(p.format()));
    spec.commandLine().getOut().println((selected.size() - failed) + " of " + selected.size() + " pipelines valid");
    return failed == 0 ? MbtCli.OK : MbtCli.FAILED;
  }
}
