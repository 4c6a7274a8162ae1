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
    Optional<String> target, Map<String, String> vars, Optional<Path> profilesDir, Function<String, String> environment, Clock clock) {
  public CompileOptions {
    vars = Map.copyOf(vars);
  }

  public static CompileOptions defaults() {
    return new CompileOptions(Optional.empty(), Map.of(), Optional.empty(), System::getenv, Clock.systemUTC());
  }

  public CompileOptions withTarget(String value) {
    return new CompileOptions(Optional.ofNullable(value), vars, profilesDir, environment, clock);
  }

  public CompileOptions withVars(Map<String, String> value) {
    return new CompileOptions(target, value, profilesDir, environment, clock);
  }

  public CompileOptions withEnvironment(Function<String, String> value) {
    return new CompileOptions(target, vars, profilesDir, value, clock);
  }

  public CompileOptions withClock(Clock value) {
    return new CompileOptions(target, vars, profilesDir, environment, value);
  }

  public CompileOptions withProfilesDir(Path value) {
    return new CompileOptions(target, vars, Optional.ofNullable(value), environment, clock);
  }
}
