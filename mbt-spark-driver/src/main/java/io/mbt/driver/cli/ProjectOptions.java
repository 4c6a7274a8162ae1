package io.mbt.driver.cli;

import io.mbt.compiler.CompileOptions;
import io.mbt.compiler.Compiler;
import io.mbt.compiler.project.ProjectConfig;
import io.mbt.compiler.project.ProjectLoader;
import io.mbt.compiler.spi.PluginRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every project command shares: where the project is, which target, which vars. */
public final class ProjectOptions {
  @Option(names = "--project-dir", paramLabel = "DIR", description = "Project directory (default: the current directory or its nearest parent with mbt_project.yaml).")
  Path projectDir;

  @Option(names = "--profiles-dir", paramLabel = "DIR", description = "Directory holding profiles.yaml (default: the project root, then ~/.mbt).")
  Path profilesDir;

  @Option(names = {"-t", "--target"}, paramLabel = "TARGET", description = "Target of the profile (default: $MBT_TARGET, then the profile's default).")
  String target;

  @Option(names = "--vars", paramLabel = "K=V[,K2=V2]", split = ",", description = "Variables for var('name') in templates; repeatable.")
  List<String> vars = List.of();

  ProjectConfig project() {
    return ProjectLoader.find(projectDir == null ? Path.of("") : projectDir);
  }

  Compiler compiler() {
    ProjectConfig project = project();
    ProjectClasspath.install(project);
    return new Compiler(project, PluginRegistry.load());
  }

  CompileOptions compileOptions() {
    return CompileOptions.defaults().withTarget(target).withVars(parseVars()).withProfilesDir(profilesDir);
  }

  /** As {@link #compileOptions()}, resolving serving aliases through the target's registry (compile, run, exec). */
  CompileOptions compileOptionsWithRegistry(Compiler compiler) {
    return withRegistry(compiler, compileOptions());
  }

  /** {@code base}, resolving serving aliases through the registry of the target {@code base} selects. */
  static CompileOptions withRegistry(Compiler compiler, CompileOptions base) {
    return base.withModelSources(new RegistryAliases(compiler.project().root(), () -> compiler.target(base)));
  }

  Map<String, String> parseVars() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : vars) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("--vars expects KEY=VALUE pairs, got '" + pair + "' (e.g. --vars execution_date=2026-02-01,run_id=abc)");
      }
      out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return out;
  }

  Optional<String> targetName() {
    return Optional.ofNullable(target);
  }
}
