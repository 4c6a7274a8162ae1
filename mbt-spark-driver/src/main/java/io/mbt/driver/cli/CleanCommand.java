package io.mbt.driver.cli;

import io.mbt.compiler.project.ProjectConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code mbt clean}: removes the target directory (manifests, run results); never run artifacts or the registry. */
@Command(name = "clean", mixinStandardHelpOptions = true, description = "Remove the target/ directory (compiled manifests and run results).")
final class CleanCommand implements Callable<Integer> {
  @Mixin ProjectOptions options;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ProjectConfig project = options.project();
    Path target = project.targetDir();
    if (!target.startsWith(project.root()) || target.equals(project.root())) {
      throw new UsageException("refusing to delete " + target + ": target_path must be a directory inside the project");
    }
    if (Files.exists(target)) {
      try (Stream<Path> paths = Files.walk(target)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.delete(p);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    spec.commandLine().getOut().println("removed " + project.root().relativize(target));
    return MbtCli.OK;
  }
}
