package io.mbt.driver.cli;

import io.mbt.compiler.Compiler;
import io.mbt.compiler.profile.TargetConfig;
import io.mbt.steps.registry.AliasAction;
import io.mbt.steps.registry.AliasChange;
import io.mbt.steps.registry.AliasEvent;
import io.mbt.steps.registry.ModelRegistry;
import io.mbt.steps.registry.ModelVersion;
import io.mbt.steps.registry.RegistryException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mbt registry promote|rollback|history|versions|runs}: the registry lifecycle. Aliases move
 * only through these commands, and every move is kept as an append-only event with who, when and
 * why (the Model Factory's governed promotion and rollback).
 */
@Command(name = "registry", mixinStandardHelpOptions = true,
    description = "Registered models and aliases of the target's model registry: promote, rollback, history, versions, runs.",
    subcommands = {RegistryCommand.Promote.class, RegistryCommand.Rollback.class, RegistryCommand.History.class, RegistryCommand.Versions.class,
        RegistryCommand.Runs.class})
final class RegistryCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("use 'mbt registry promote|rollback|history|versions|runs' (see mbt registry --help)");
  }

  /** The target's registry, secrets resolved, Hadoop configured from the target's {@code spark.hadoop.*} settings. */
  static ModelRegistry open(ProjectOptions options) {
    Compiler compiler = options.compiler();
    TargetConfig target = compiler.target(options.compileOptions());
    try {
      return RegistryAliases.open(target.modelRegistry(), target, compiler.project().root());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  static int fail(PrintWriter err, RuntimeException e) {
    err.println("error: " + e.getMessage());
    return MbtCli.FAILED;
  }

  static void print(PrintWriter out, AliasEvent e) {
    out.printf("#%-4d %-24s %-8s %-28s -> %-28s %-12s %s%n", e.sequence(), e.at(), e.action().label(), e.fromRunId().orElse("-"), e.toRunId(),
        e.actor(), e.reason());
  }

  /** Options of the alias-moving commands. */
  static final class Move {
    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Registered model (default name: the experiment).")
    String model;

    @Option(names = "--alias", required = true, paramLabel = "ALIAS", description = "Alias to move, e.g. champion.")
    String alias;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; kept in the alias's audit log.")
    String reason;

    @Option(names = "--actor", paramLabel = "WHO", description = "Who moves it (default: the OS user).")
    String actor;

    String actor() {
      return actor != null ? actor : System.getProperty("user.name", "unknown");
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true, description = "Point an alias at a registered run; recorded with who/when/why.")
  static final class Promote implements Callable<Integer> {
    @Mixin ProjectOptions options;
    @Mixin Move move;
    @Option(names = "--run-id", required = true, paramLabel = "RUN", description = "The run to promote (a registered version of the model).")
    String runId;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (ModelRegistry registry = open(options)) {
        AliasEvent e = registry.moveAlias(new AliasChange(move.model, move.alias, AliasAction.PROMOTE, Optional.of(runId), move.actor(),
            move.reason));
        spec.commandLine().getOut().println("alias " + move.alias + " of " + move.model + " -> " + e.toRunId() + " (event #" + e.sequence() + ")");
        return MbtCli.OK;
      } catch (IllegalArgumentException | RegistryException | UnsupportedOperationException e) {
        return fail(spec.commandLine().getErr(), e);
      }
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Point an alias back at the run it named before (or an earlier run it held); recorded with who/when/why.")
  static final class Rollback implements Callable<Integer> {
    @Mixin ProjectOptions options;
    @Mixin Move move;
    @Option(names = "--run-id", paramLabel = "RUN", description = "An earlier run of the alias to return to (default: the previous one).")
    String runId;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (ModelRegistry registry = open(options)) {
        AliasEvent e = registry.moveAlias(new AliasChange(move.model, move.alias, AliasAction.ROLLBACK, Optional.ofNullable(runId),
            move.actor(), move.reason));
        spec.commandLine().getOut().println("alias " + move.alias + " of " + move.model + " rolled back " + e.fromRunId().orElse("-") + " -> "
            + e.toRunId() + " (event #" + e.sequence() + ")");
        return MbtCli.OK;
      } catch (IllegalArgumentException | RegistryException | UnsupportedOperationException e) {
        return fail(spec.commandLine().getErr(), e);
      }
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true, description = "Every recorded move of an alias, oldest first.")
  static final class History implements Callable<Integer> {
    @Mixin ProjectOptions options;
    @Option(names = "--model", required = true, paramLabel = "NAME") String model;
    @Option(names = "--alias", required = true, paramLabel = "ALIAS") String alias;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (ModelRegistry registry = open(options)) {
        List<AliasEvent> events = registry.aliasEvents(model, alias);
        PrintWriter out = spec.commandLine().getOut();
        if (events.isEmpty()) {
          out.println("alias " + alias + " of " + model + " was never set");
        }
        events.forEach(e -> print(out, e));
        registry.aliasRunId(model, alias).ifPresent(r -> out.println("current: " + r));
        return MbtCli.OK;
      } catch (IllegalArgumentException | RegistryException | UnsupportedOperationException e) {
        return fail(spec.commandLine().getErr(), e);
      }
    }
  }

  @Command(name = "versions", mixinStandardHelpOptions = true, description = "Versions of a registered model, newest first.")
  static final class Versions implements Callable<Integer> {
    @Mixin ProjectOptions options;
    @Option(names = "--model", required = true, paramLabel = "NAME") String model;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (ModelRegistry registry = open(options)) {
        List<ModelVersion> versions = registry.modelVersions(model);
        PrintWriter out = spec.commandLine().getOut();
        if (versions.isEmpty()) {
          out.println("model " + model + " has no versions (log_run registers each training run)");
        }
        versions.forEach(v -> out.printf("v%-4s %-32s %s%n", v.version(), v.runId(), v.createdAt()));
        return MbtCli.OK;
      } catch (IllegalArgumentException | RegistryException | UnsupportedOperationException e) {
        return fail(spec.commandLine().getErr(), e);
      }
    }
  }

  @Command(name = "runs", mixinStandardHelpOptions = true, description = "Logged runs of a pipeline (default: of every pipeline of the project), newest first.")
  static final class Runs implements Callable<Integer> {
    @Mixin ProjectOptions options;
    @Option(names = "--pipeline", paramLabel = "PIPELINE", description = "Only this pipeline's runs.") String pipeline;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      List<String> pipelines = pipeline != null ? List.of(pipeline) : options.compiler().catalog().names();
      try (ModelRegistry registry = open(options)) {
        PrintWriter out = spec.commandLine().getOut();
        int listed = 0;
        for (String p : pipelines) {
          for (String run : registry.runIds(p)) {
            out.printf("%-32s %s%n", run, p);
            listed++;
          }
        }
        if (listed == 0) {
          out.println((pipeline != null ? "pipeline " + pipeline + " has" : "the project's pipelines have")
              + " no logged runs (a training run's log_run step logs one)");
        }
        return MbtCli.OK;
      } catch (IllegalArgumentException | RegistryException e) {
        return fail(spec.commandLine().getErr(), e);
      }
    }
  }
}
