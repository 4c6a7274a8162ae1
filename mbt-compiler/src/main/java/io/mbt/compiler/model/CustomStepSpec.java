package io.mbt.compiler.model;

import java.util.List;
import java.util.Map;

/**
 * A user step ({@code custom_steps}) wired into the generated DAG: it runs after {@code dependsOn}
 * and before {@code before}. Its class lives in a jar on the classpath.
 */
public record CustomStepSpec(
    String name,
    String className,
    List<String> dependsOn,
    List<String> before,
    Map<String, Object> config,
    boolean idempotent,
    Resources resources) {
  public CustomStepSpec {
    dependsOn = List.copyOf(dependsOn);
    before = List.copyOf(before);
    config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
  }
}
