package io.mbt.steps.runner;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestStep;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which steps a retry re-runs. A retry resumes the run: steps that did not complete run again,
 * and so does everything downstream of a step that runs. A completed non-idempotent step (reading
 * a mutable source) runs again only when a step it feeds directly has to run — otherwise its
 * stored output is what the completed steps already used, and a fresh read would only orphan it.
 * Completed idempotent steps whose inputs did not change are reused.
 */
final class RetryPlan {
  private RetryPlan() {}

  /**
   * @param complete whether a step has a step record and all its outputs exist
   * @return the steps to run, in manifest order
   */
  static Set<String> stepsToRun(Manifest manifest, Predicate<String> complete) {
    List<String> order = manifest.dag().executionBatches().stream().flatMap(List::stream).toList();
    Map<String, ManifestStep> steps = manifest.steps();
    Set<String> run = new LinkedHashSet<>();
    order.stream().filter(s -> !complete.test(s)).forEach(run::add);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (String s : order) {
        if (run.contains(s)) {
          continue;
        }
        ManifestStep step = steps.get(s);
        boolean parentRuns = step.dependsOn().stream().anyMatch(run::contains);
        boolean feedsRunningStep = !step.idempotent()
            && order.stream().anyMatch(child -> run.contains(child) && steps.get(child).dependsOn().contains(s));
        if (parentRuns || feedsRunningStep) {
          run.add(s);
          changed = true;
        }
      }
    }
    Set<String> ordered = new LinkedHashSet<>();
    order.stream().filter(run::contains).forEach(ordered::add);
    return ordered;
  }
}
