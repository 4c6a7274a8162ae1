package io.mbt.compiler.model;

import java.util.Optional;

/** Infrastructure resources for a step (not passed to frameworks): Kubernetes-style quantities. */
public record Resources(Optional<String> cpu, Optional<String> memory, Optional<Integer> gpu) {
  public static Resources none() {
    return new Resources(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Values set here win; the rest come from {@code defaults}. */
  public Resources orElse(Resources defaults) {
    return new Resources(cpu.or(defaults::cpu), memory.or(defaults::memory), gpu.or(defaults::gpu));
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isEmpty() {
    return cpu.isEmpty() && memory.isEmpty() && gpu.isEmpty();
  }
}
