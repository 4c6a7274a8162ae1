package io.mbt.driver.cli;

import io.mbt.compiler.Compiler;
import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.spi.AdapterDescriptor;
import io.mbt.compiler.spi.AdapterKind;
import io.mbt.compiler.spi.PluginRegistry;
import io.mbt.driver.runtime.AdapterRuntimes;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code mbt deps list|check}. */
@Command(name = "deps", mixinStandardHelpOptions = true, description = "List installed adapters, or check that every pipeline's adapters are installed.",
    subcommands = {DepsCommand.ListDeps.class, DepsCommand.CheckDeps.class})
final class DepsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new UsageException("use 'mbt deps list' or 'mbt deps check'");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List installed adapters by kind.")
  static final class ListDeps implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PluginRegistry registry = PluginRegistry.load();
      PrintWriter out = spec.commandLine().getOut();
      List<String> notRunnable = new java.util.ArrayList<>();
      for (Map.Entry<AdapterKind, List<AdapterDescriptor>> e : registry.all().entrySet()) {
        List<AdapterDescriptor> runnable = e.getValue().stream().filter(d -> {
          AdapterRuntimes.problem(d).ifPresent(p -> notRunnable.add(e.getKey().singular() + " '" + d.name() + "' cannot run: " + p
              + " (add the jar that provides it, or remove the jar that declares it)"));
          return AdapterRuntimes.problem(d).isEmpty();
        }).toList();
        if (runnable.isEmpty()) {
          continue;
        }
        out.println(e.getKey().plural() + ":");
        for (AdapterDescriptor d : runnable) {
          out.printf("  %-28s %-8s %s%n", d.name(), d.version(), d.description());
        }
      }
      notRunnable.forEach(msg -> spec.commandLine().getErr().println("warning: " + msg));
      registry.loadErrors().forEach(msg -> spec.commandLine().getErr().println("warning: " + msg));
      return MbtCli.OK;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Compile every pipeline for the target and report adapters that are missing or misconfigured.")
  static final class CheckDeps implements Callable<Integer> {
    @Mixin ProjectOptions options;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Compiler compiler = options.compiler();
      int failed = 0;
      for (String name : compiler.catalog().names()) {
        try {
          compiler.compile(name, options.compileOptions()).manifest().steps().values().forEach(s -> { });
          spec.commandLine().getOut().println("OK    " + name);
        } catch (CompileException e) {
          failed++;
          spec.commandLine().getOut().println("FAIL  " + name);
          MbtCli.printProblems(spec.commandLine().getErr(), e);
        }
      }
      PluginRegistry.load().all().values().stream().flatMap(List::stream).filter(d -> !d.runtimeRequirements().isEmpty())
          .forEach(d -> spec.commandLine().getOut().println("note: " + d.kind().singular() + " '" + d.name() + "' needs at run time: "
              + String.join(", ", d.runtimeRequirements())));
      return failed == 0 ? MbtCli.OK : MbtCli.FAILED;
    }
  }
}
