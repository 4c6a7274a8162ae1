package io.mbt.compiler.spi.builtin;

import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.spi.ConfigIssue;
import io.mbt.compiler.spi.FrameworkDescriptor;
import io.mbt.compiler.spi.ParamCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A framework whose config is checked against a parameter catalog plus problem-type rules. */
abstract class CatalogFramework implements FrameworkDescriptor {
  private final String name;
  private final String implementationClass;
  private final Set<ProblemType> problemTypes;
  private final String description;

  CatalogFramework(String name, String implementationClass, Set<ProblemType> problemTypes, String description) {
    this.name = name;
    this.implementationClass = implementationClass;
    this.problemTypes = Set.copyOf(problemTypes);
    this.description = description;
  }

  /** The parameters accepted for a problem type. */
  abstract ParamCatalog catalog(ProblemType problemType);

  /** Rules beyond single parameters (e.g. an objective that must match the problem type). */
  List<ConfigIssue> crossChecks(Map<String, Object> config, ProblemType problemType) {
    return List.of();
  }

  @Override
  public final List<ConfigIssue> validateConfig(Map<String, Object> config, ProblemType problemType) {
    List<ConfigIssue> issues = new ArrayList<>();
    if (!problemTypes.contains(problemType)) {
      issues.add(new ConfigIssue("", "framework '" + name + "' does not support " + problemType.yamlName(),
          "it supports " + problemTypes.stream().map(ProblemType::yamlName).sorted().collect(Collectors.joining(", "))
              + "; pick another framework for " + problemType.yamlName()));
      return issues;
    }
    issues.addAll(catalog(problemType).validate(config, "framework '" + name + "'"));
    if (issues.isEmpty()) {
      issues.addAll(crossChecks(config, problemType));
    }
    return issues;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String implementationClass() {
    return implementationClass;
  }

  @Override
  public Set<ProblemType> supportedProblemTypes() {
    return problemTypes;
  }

  @Override
  public String description() {
    return description;
  }
}
