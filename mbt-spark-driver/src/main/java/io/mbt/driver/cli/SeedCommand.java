package io.mbt.driver.cli;

import io.mbt.compiler.Compiler;
import io.mbt.compiler.profile.TargetConfig;
import io.mbt.driver.runtime.SparkRuntime;
import io.mbt.driver.seed.SeedLoader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mbt seed}: the project's CSV seeds into Delta tables of the target, as {@code dbt seed} loads them into a warehouse. */
@Command(name = "seed", mixinStandardHelpOptions = true,
    description = "Load the CSV files in seed_paths (default seeds/) into Delta tables where the target's data connector reads them; "
        + "unchanged seeds are skipped, changed ones become a new table version.")
final class SeedCommand implements Callable<Integer> {
  @Mixin ProjectOptions options;

  @Option(names = {"-s", "--select"}, paramLabel = "SEED", description = "Seed (file name without .csv); repeatable. Default: all.")
  List<String> select = new ArrayList<>();

  @Parameters(arity = "0..*", paramLabel = "SEED", description = "Seeds to load (same as --select).")
  List<String> names = List.of();

  @Option(names = "--full-refresh", description = "Replace each table's schema too (a column changed type or went away).")
  boolean fullRefresh;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Compiler compiler = options.compiler();
    PrintWriter out = spec.commandLine().getOut();
    List<String> selected = new ArrayList<>(select);
    selected.addAll(names);
    List<SeedLoader.Seed> seeds;
    try {
      seeds = SeedLoader.find(compiler.project().seedDirs(), selected);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (seeds.isEmpty()) {
      out.println("no seeds: put CSV files in " + compiler.project().seedDirs() + " (seed_paths in mbt_project.yaml)");
      return MbtCli.OK;
    }
    TargetConfig target = compiler.target(options.compileOptions());
    SeedLoader loader = new SeedLoader(SparkRuntime.session(target, compiler.project().root()), compiler.project().root());
    for (SeedLoader.Seed seed : seeds) {
      try {
        SeedLoader.Seeded done = loader.load(seed, target, fullRefresh);
        out.println((done.unchanged() ? "unchanged " : "seeded    ") + done.table() + " -> " + done.location() + " (version " + done.version()
            + done.rows().map(r -> ", " + r + " rows").orElse("") + ")");
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return MbtCli.FAILED;
      }
    }
    return MbtCli.OK;
  }
}
