package io.mbt.driver.cli;

import io.mbt.compiler.Compiler;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mbt ls [--tags]}. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List the project's pipelines.")
final class LsCommand implements Callable<Integer> {
  @Mixin ProjectOptions options;

  @Option(names = "--tags", description = "Show each pipeline's tags.")
  boolean tags;

  @Option(names = "--select", paramLabel = "SELECTOR", description = "Pipeline name or tag:x; repeatable.")
  List<String> select = List.of();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Compiler compiler = options.compiler();
    for (String name : Selection.select(compiler, select)) {
      String file = compiler.catalog().display(compiler.catalog().require(name));
      spec.commandLine().getOut().println(tags
          ? String.format("%-32s %-40s %s", name, file, String.join(", ", Selection.tags(compiler, name)))
          : name);
    }
    return MbtCli.OK;
  }
}
