package io.mbt.compiler.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code mbt_project.yaml}: the project's name, its profile, where things are, and default vars.
 * Paths are absolute (resolved against {@code root}).
 */
public record ProjectConfig(
    Path root,
    String name,
    String profile,
    List<Path> pipelineDirs,
    List<Path> testDirs,
    Path targetDir,
    List<Path> libDirs,
    Map<String, String> vars,
    List<Path> seedDirs) {
  public static final String FILE_NAME = "mbt_project.yaml";

  public ProjectConfig {
    pipelineDirs = List.copyOf(pipelineDirs);
    testDirs = List.copyOf(testDirs);
    libDirs = List.copyOf(libDirs);
    vars = Map.copyOf(vars);
    seedDirs = List.copyOf(seedDirs);
  }
}
