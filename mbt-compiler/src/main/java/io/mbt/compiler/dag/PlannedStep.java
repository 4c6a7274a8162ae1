package io.mbt.compiler.dag;

import io.mbt.compiler.error.Location;
import io.mbt.compiler.model.Resources;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A step the planner generated, before ordering. Inputs are qualified {@code step.artifact}
 * references; outputs are this step's artifact names.
 *
 * @param origin where the YAML that caused this step is (for DAG errors)
 */
public record PlannedStep(
    String name,
    String plugin,
    Map<String, Object> config,
    Resources resources,
    List<String> inputs,
    List<String> outputs,
    List<String> dependsOn,
    boolean idempotent,
    Location origin) {
  public PlannedStep {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(plugin, "plugin is null");
    config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    dependsOn = List.copyOf(dependsOn);
  }

  public PlannedStep withDependsOn(List<String> parents) {
    return new PlannedStep(name, plugin, config, resources, inputs, outputs, parents, idempotent, origin);
  }

  public PlannedStep withResources(Resources value) {
    return new PlannedStep(name, plugin, config, value, inputs, outputs, dependsOn, idempotent, origin);
  }
}
