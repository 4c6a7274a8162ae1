package io.mbt.compiler.dag;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Suggestions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Phase 4: the ordered step graph. Execution batches group steps with no dependency between
 * them (Kahn's algorithm, level by level); a cycle is an error that names the steps on it.
 */
public record Dag(List<PlannedStep> steps, Map<String, List<String>> parentMap, List<List<String>> executionBatches) {
  public Dag {
    steps = List.copyOf(steps);
    parentMap = Collections.unmodifiableMap(new LinkedHashMap<>(parentMap));
    executionBatches = executionBatches.stream().map(List::copyOf).toList();
  }

  /** Orders {@code planned}; steps keep their planned order inside a batch. */
  public static Dag of(List<PlannedStep> planned) {
    Map<String, PlannedStep> byName = new LinkedHashMap<>();
    List<CompileProblem> problems = new ArrayList<>();
    for (PlannedStep step : planned) {
      if (byName.putIfAbsent(step.name(), step) != null) {
        problems.add(CompileProblem.error(ErrorCode.DAG_CYCLE, step.origin(), "", "two steps are named '" + step.name() + "'",
            "give the custom step another name; built-in step names are reserved"));
      }
    }
    for (PlannedStep step : planned) {
      for (String parent : step.dependsOn()) {
        if (!byName.containsKey(parent)) {
          problems.add(CompileProblem.error(ErrorCode.UNKNOWN_STEP, step.origin(), "",
              "step '" + step.name() + "' depends on '" + parent + "', which is not a step of this pipeline" + Suggestions.didYouMean(parent, byName.keySet()),
              "steps of this pipeline: " + String.join(", ", byName.keySet())));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new CompileException(problems);
    }
    Map<String, List<String>> parents = new LinkedHashMap<>();
    Map<String, Integer> indegree = new HashMap<>();
    Map<String, List<String>> children = new HashMap<>();
    for (PlannedStep step : byName.values()) {
      List<String> unique = new ArrayList<>(new java.util.LinkedHashSet<>(step.dependsOn()));
      parents.put(step.name(), unique);
      indegree.put(step.name(), unique.size());
      for (String p : unique) {
        children.computeIfAbsent(p, k -> new ArrayList<>()).add(step.name());
      }
    }
    List<List<String>> batches = new ArrayList<>();
    List<String> ready = byName.keySet().stream().filter(n -> indegree.get(n) == 0).toList();
    Set<String> done = new HashSet<>();
    while (!ready.isEmpty()) {
      batches.add(ready);
      done.addAll(ready);
      Set<String> next = new HashSet<>();
      for (String n : ready) {
        for (String c : children.getOrDefault(n, List.of())) {
          if (indegree.merge(c, -1, Integer::sum) == 0) {
            next.add(c);
          }
        }
      }
      ready = byName.keySet().stream().filter(next::contains).toList();
    }
    if (done.size() < byName.size()) {
      List<String> cycle = findCycle(parents, done);
      PlannedStep first = byName.get(cycle.get(0));
      throw new CompileException(CompileProblem.error(ErrorCode.DAG_CYCLE, first.origin(), "",
          "the steps form a cycle: " + String.join(" -> ", cycle),
          "remove one of these dependencies (check depends_on and before of custom_steps)"));
    }
    List<PlannedStep> ordered = new ArrayList<>();
    batches.forEach(batch -> batch.forEach(n -> ordered.add(byName.get(n).withDependsOn(parents.get(n)))));
    return new Dag(ordered, parents, batches);
  }

  private static List<String> findCycle(Map<String, List<String>> parents, Set<String> acyclic) {
    for (String start : parents.keySet()) {
      if (acyclic.contains(start)) {
        continue;
      }
      List<String> path = new ArrayList<>();
      Set<String> onPath = new HashSet<>();
      List<String> found = walk(start, parents, acyclic, path, onPath);
      if (found != null) {
        Collections.reverse(found); // report in execution direction: parent -> child
        return found;
      }
    }
    return List.copyOf(parents.keySet());
  }

  private static List<String> walk(String node, Map<String, List<String>> parents, Set<String> acyclic, List<String> path, Set<String> onPath) {
    if (onPath.contains(node)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      cycle.add(node);
      return cycle;
    }
    if (acyclic.contains(node)) {
      return null;
    }
    path.add(node);
    onPath.add(node);
    for (String p : parents.getOrDefault(node, List.of())) {
      List<String> found = walk(p, parents, acyclic, path, onPath);
      if (found != null) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    onPath.remove(node);
    acyclic.add(node);
    return null;
  }

  public List<String> stepNames() {
    return steps.stream().map(PlannedStep::name).toList();
  }
}
