package io.mbt.steps.runner;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.steps.api.ArtifactKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Which steps a request runs, decided before anything runs. */
final class RunPlan {
  private RunPlan() {}

  /**
   * @param records the step records the run already has
   * @param complete whether a step has a record whose outputs exist and whose config is the
   *     manifest's: what a retry may reuse
   * @return the steps to run, in DAG order
   * @throws io.mbt.steps.api.StepFailedException if the request cannot run as asked: a new run over
   *     completed steps, an unknown step, or a selected step whose input is not available
   */
  static Set<String> stepsToRun(Manifest manifest, RunRequest request, Map<String, StepRecord> records, Predicate<String> complete) {
    List<String> order = order(manifest);
    return switch (request.mode()) {
      case RUN -> {
        if (!records.isEmpty()) {
          throw RunErrors.runHasSteps(manifest, request.runId(), records.keySet());
        }
        yield new LinkedHashSet<>(order);
      }
      case EXEC -> {
        requireKnown(manifest, request.steps(), order);
        yield new LinkedHashSet<>(request.steps());
      }
      case RETRY -> request.force() ? new LinkedHashSet<>(order) : RetryPlan.stepsToRun(manifest, complete);
      case STEPS -> {
        requireKnown(manifest, request.steps(), order);
        Set<String> run = new LinkedHashSet<>();
        Set<String> resumed = request.force() ? Set.copyOf(order) : RetryPlan.stepsToRun(manifest, complete);
        order.stream().filter(s -> request.steps().contains(s) && resumed.contains(s)).forEach(run::add);
        requireInputs(manifest, request.runId(), run, records, complete);
        yield run;
      }
    };
  }

  static List<String> order(Manifest manifest) {
    return manifest.dag().executionBatches().stream().flatMap(List::stream).toList();
  }

  private static void requireKnown(Manifest manifest, List<String> steps, List<String> order) {
    for (String step : steps) {
      if (!manifest.steps().containsKey(step)) {
        throw RunErrors.unknownStep(manifest, step, order);
      }
    }
  }

  /**
   * Every input of a step to run comes from a step that runs before it or completed earlier in the
   * run; a completed step whose outputs are rebuilt on read (views, derived tables) needs its own
   * inputs' producers completed too.
   */
  private static void requireInputs(Manifest manifest, String runId, Set<String> run, Map<String, StepRecord> records, Predicate<String> complete) {
    for (String reader : run) {
      for (String ref : manifest.steps().get(reader).inputs()) {
        requireStored(manifest, runId, reader, ref, producer(ref), List.of(), run, records, complete, new HashSet<>());
      }
    }
  }

  private static void requireStored(Manifest manifest, String runId, String reader, String ref, String producer, List<String> through,
      Set<String> run, Map<String, StepRecord> records, Predicate<String> complete, Set<String> checked) {
    if (run.contains(producer) || !checked.add(producer)) {
      return;
    }
    if (!complete.test(producer)) {
      throw RunErrors.inputNotAvailable(runId, reader, ref, through, producer);
    }
    boolean rebuilt = records.get(producer).outputs().values().stream()
        .anyMatch(o -> o.kind() == ArtifactKind.TABLE_VIEW || o.kind() == ArtifactKind.DERIVED_TABLE);
    if (rebuilt) {
      ManifestStep step = manifest.steps().get(producer);
      List<String> via = new ArrayList<>(through);
      via.add(producer);
      for (String upstream : step.inputs()) {
        requireStored(manifest, runId, reader, ref, producer(upstream), List.copyOf(via), run, records, complete, checked);
      }
    }
  }

  private static String producer(String ref) {
    return ref.substring(0, ref.indexOf('.'));
  }
}
