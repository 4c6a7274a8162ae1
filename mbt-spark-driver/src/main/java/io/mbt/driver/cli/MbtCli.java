package io.mbt.driver.cli;

import io.mbt.compiler.MbtVersion;
import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mbt} command. Exit codes: 0 success, 1 a validation, compile or test failure, 2 a
 * usage error.
 */
@Command(
    name = "mbt",
    mixinStandardHelpOptions = true,
    versionProvider = MbtCli.Version.class,
    description = "MBT — declarative ML pipelines on Spark: YAML in, manifest.json out, Spark runs it.",
    subcommands = {
      InitCommand.class, ValidateCommand.class, CompileCommand.class, LsCommand.class, DagCommand.class, TestCommand.class,
      DepsCommand.class, CleanCommand.class, RunCommand.class, ExecCommand.class, RetryCommand.class, StatusCommand.class,
      InspectCommand.class, DebugCommand.class, RegistryCommand.class, SeedCommand.class, MfCommand.class, DatasetCommand.class, CommandLine.HelpCommand.class
    })
public final class MbtCli implements Runnable {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: use one of init, validate, compile, run, exec, retry, status, inspect, debug, registry, seed, mf, dataset, ls, dag, test, deps, clean");
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line; for tests and embedders (no System.exit). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    args = projectOptionsAfterCommand(args);
    CommandLine cli = new CommandLine(new MbtCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(e -> e instanceof CompileException ? FAILED : e instanceof UsageException ? USAGE : FAILED);
    cli.setParameterExceptionHandler((e, a) -> {
      err.println("error: " + e.getMessage());
      err.println("run 'mbt " + (e.getCommandLine().getCommandName().equals("mbt") ? "" : e.getCommandLine().getCommandName() + " ") + "--help' for usage");
      return USAGE;
    });
    cli.setExecutionExceptionHandler((e, c, parseResult) -> {
      if (e instanceof CompileException ce) {
        printProblems(err, ce);
        return FAILED;
      }
      if (e instanceof UsageException) {
        err.println("error: " + e.getMessage());
        return USAGE;
      }
      if (e instanceof SnapshotFailedException) {
        err.println("error: " + e.getMessage());
        return FAILED;
      }
      if (e instanceof UncheckedIOException io) {
        err.println("error: " + io.getMessage());
        return FAILED;
      }
      err.println("internal error: " + e);
      e.printStackTrace(err);
      return FAILED;
    });
    return cli.execute(args);
  }

  static final java.util.Set<String> PROJECT_OPTIONS = java.util.Set.of("--project-dir", "--profiles-dir", "--target", "-t", "--vars");

  /**
   * Project options may come before the command ({@code mbt --project-dir DIR compile --all}), as
   * in dbt; they belong to the command, so move them after its name.
   */
  static String[] projectOptionsAfterCommand(String[] args) {
    java.util.List<String> leading = new java.util.ArrayList<>();
    int i = 0;
    while (i < args.length) {
      String a = args[i];
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (!PROJECT_OPTIONS.contains(name)) {
        break;
      }
      leading.add(a);
      if (!a.contains("=") && i + 1 < args.length) {
        leading.add(args[++i]);
      }
      i++;
    }
    if (leading.isEmpty() || i >= args.length) {
      return args;
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    out.add(args[i]);
    // 'deps check' has a nested command: keep it next to its parent.
    int next = i + 1;
    if ((args[i].equals("deps") || args[i].equals("registry") || args[i].equals("mf") || args[i].equals("dataset")) && next < args.length && !args[next].startsWith("-")) {
      out.add(args[next]);
      next++;
    }
    out.addAll(leading);
    out.addAll(java.util.Arrays.asList(args).subList(next, args.length));
    return out.toArray(String[]::new);
  }

  static void printProblems(PrintWriter err, CompileException e) {
    for (CompileProblem p : e.problems()) {
      err.println(p.format());
    }
    int errors = e.errors().size();
    err.println(errors + (errors == 1 ? " error" : " errors") + ", " + (e.problems().size() - errors) + " warnings");
  }

  static void printWarnings(PrintWriter err, java.util.List<CompileProblem> warnings) {
    warnings.forEach(w -> err.println(w.format()));
  }

  /** Prints the version from the build. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"mbt " + MbtVersion.current() + " (Java " + Runtime.version() + ")"};
    }
  }
}
