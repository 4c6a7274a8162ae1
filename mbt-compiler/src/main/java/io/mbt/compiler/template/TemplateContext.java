package io.mbt.compiler.template;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What templates can see: {@code --vars} (over project defaults) and the environment. The
 * environment is a function so tests can supply their own.
 */
public record TemplateContext(Map<String, String> vars, Function<String, String> environment) {
  public TemplateContext {
    vars = Map.copyOf(vars);
    Objects.requireNonNull(environment, "environment is null");
  }

  public static TemplateContext of(Map<String, String> vars) {
    return new TemplateContext(vars, System::getenv);
  }
}
