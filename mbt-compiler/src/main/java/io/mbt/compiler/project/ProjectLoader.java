package io.mbt.compiler.project;

import static io.mbt.compiler.validate.Shapes.listOf;
import static io.mbt.compiler.validate.Shapes.object;
import static io.mbt.compiler.validate.Shapes.string;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.error.Problems;
import io.mbt.compiler.validate.Binder;
import io.mbt.compiler.validate.Shapes;
import io.mbt.compiler.yaml.YNode;
import io.mbt.compiler.yaml.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds and reads {@code mbt_project.yaml}. */
public final class ProjectLoader {
  private ProjectLoader() {}

  /** The project at {@code dir}, or the nearest parent holding {@code mbt_project.yaml} (like git). */
  public static ProjectConfig find(Path dir) {
    Path start = dir.toAbsolutePath().normalize();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(ProjectConfig.FILE_NAME))) {
        return load(p);
      }
    }
    throw new CompileException(CompileProblem.error(ErrorCode.PROJECT_NOT_FOUND, new Location(start.toString(), 0, 0), "",
        "no " + ProjectConfig.FILE_NAME + " in " + start + " or any parent directory",
        "run mbt from inside a project, pass --project-dir DIR, or create one with 'mbt init NAME'"));
  }

  public static ProjectConfig load(Path root) {
    Path file = root.resolve(ProjectConfig.FILE_NAME);
    YNode node = YamlReader.readFile(file, ProjectConfig.FILE_NAME);
    Problems problems = new Problems();
    Binder binder = new Binder(problems);
    ProjectConfig config = binder.bind(node, object("mbt_project.yaml", f -> {
      String name = f.required("name", Shapes.identifier());
      String profile = f.optional("profile", string(), name);
      List<String> pipelines = f.optional("pipeline_paths", listOf(string()), List.of("pipelines"));
      List<String> tests = f.optional("test_paths", listOf(string()), List.of("tests"));
      String target = f.optional("target_path", string(), "target");
      List<String> libs = f.optional("lib_paths", listOf(string()), List.of("lib"));
      List<String> seeds = f.optional("seed_paths", listOf(string()), List.of("seeds"));
      Map<String, Object> vars = f.optional("vars", Shapes.plainMap(), Map.of());
      f.allow("version", "description", "require_mbt_version");
      Map<String, String> textVars = new LinkedHashMap<>();
      vars.forEach((k, v) -> textVars.put(k, v == null ? "" : String.valueOf(v)));
      Path abs = root.toAbsolutePath().normalize();
      return name == null ? null : new ProjectConfig(abs, name, profile, resolve(abs, pipelines), resolve(abs, tests), abs.resolve(target).normalize(),
          resolve(abs, libs), textVars, resolve(abs, seeds));
    }));
    problems.throwIfErrors();
    return config;
  }

  private static List<Path> resolve(Path root, List<String> paths) {
    return paths.stream().map(p -> root.resolve(p).normalize()).toList();
  }
}
