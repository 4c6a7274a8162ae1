package io.mbt.compiler.project;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.error.Suggestions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The pipeline files of a project: every {@code *.yaml} under the pipeline paths, except base
 * pipelines (names starting with '_'). A pipeline's name is its file name without extension.
 */
public final class PipelineCatalog {
  private final ProjectConfig project;
  private final Map<String, Path> pipelines = new TreeMap<>();

  public PipelineCatalog(ProjectConfig project) {
    this.project = project;
    List<CompileProblem> problems = new ArrayList<>();
    for (Path dir : project.pipelineDirs()) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.filter(Files::isRegularFile).filter(PipelineCatalog::isYaml).sorted().forEach(file -> {
          String name = stem(file);
          if (name.startsWith("_")) {
            return;
          }
          Path previous = pipelines.putIfAbsent(name, file);
          if (previous != null) {
            problems.add(CompileProblem.error(ErrorCode.DUPLICATE_PIPELINE, new Location(display(file), 1, 1), "",
                "pipeline name '" + name + "' is used by two files: " + display(previous) + " and " + display(file),
                "rename one of them; pipeline names are unique in a project"));
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!problems.isEmpty()) {
      throw new CompileException(problems);
    }
  }

  public ProjectConfig project() {
    return project;
  }

  public List<String> names() {
    return List.copyOf(pipelines.keySet());
  }

  public Optional<Path> find(String name) {
    return Optional.ofNullable(pipelines.get(name));
  }

  public Path require(String name) {
    Path file = pipelines.get(name);
    if (file == null) {
      throw new CompileException(CompileProblem.error(ErrorCode.PIPELINE_NOT_FOUND, new Location(project.root().toString(), 0, 0), "",
          "no pipeline named '" + name + "'" + Suggestions.didYouMean(name, pipelines.keySet())
              + (pipelines.isEmpty() ? "; the project has none" : "; pipelines: " + String.join(", ", pipelines.keySet())),
          "pipelines are the *.yaml files in " + project.pipelineDirs().stream().map(this::display).toList()
              + " (files starting with '_' are base pipelines)"));
    }
    return file;
  }

  public String display(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(project.root()) ? project.root().relativize(abs).toString() : abs.toString();
  }

  static boolean isYaml(Path file) {
    String n = file.getFileName().toString();
    return n.endsWith(".yaml") || n.endsWith(".yml");
  }

  static String stem(Path file) {
    String n = file.getFileName().toString();
    return n.substring(0, n.lastIndexOf('.'));
  }
}
