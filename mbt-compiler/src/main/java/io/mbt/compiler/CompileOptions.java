package io.mbt.compiler;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to compile: the target ({@code --target}), variables ({@code --vars}), where profiles.yaml
 * is, the environment templates read, and the clock (for {@code generated_at} and the
 * execution-date check).
 */
public record CompileOptions(
    Optional<String> target,
    Map<String, String> vars,
    Optional<Path> profilesDir,
    Function<String, String> environment,
    Clock clock,
    Optional<ModelSourceResolver> modelSources) {
  public CompileOptions {
    vars = Map.copyOf(vars);
  }

  public CompileOptions(
      Optional<String> target, Map<String, String> vars, Optional<Path> profilesDir, Function<String, String> environment, Clock clock) {
    this(target, vars, profilesDir, environment, clock, Optional.empty());
  }

  /** Resolve serving aliases through {@code value} (without one, load_model resolves them at run time). */
  public CompileOptions withModelSources(ModelSourceResolver value) {
    return new CompileOptions(target, vars, profilesDir, environment, clock, Optional.ofNullable(value));
  }

  public static CompileOptions defaults() {
    return new CompileOptions(Optional.empty(), Map.of(), Optional.empty(), System::getenv, Clock.systemUTC());
  }

  public CompileOptions withTarget(String value) {
    return new CompileOptions(Optional.ofNullable(value), vars, profilesDir, environment, clock, modelSources);
  }

  public CompileOptions withVars(Map<String, String> value) {
    return new CompileOptions(target, value, profilesDir, environment, clock, modelSources);
  }

  public CompileOptions withEnvironment(Function<String, String> value) {
    return new CompileOptions(target, vars, profilesDir, value, clock, modelSources);
  }

  public CompileOptions withClock(Clock value) {
    return new CompileOptions(target, vars, profilesDir, environment, value, modelSources);
  }

  public CompileOptions withProfilesDir(Path value) {
    return new CompileOptions(target, vars, Optional.ofNullable(value), environment, clock, modelSources);
  }
}
