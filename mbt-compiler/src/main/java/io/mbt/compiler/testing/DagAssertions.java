package io.mbt.compiler.testing;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks DAG assertions against a compiled manifest. */
public final class DagAssertions {
  private DagAssertions() {}

  /** The outcome of one assertion; {@code message} says why it failed. */
  public record Outcome(DagAssertion assertion, boolean passed, String message) {}

  public static List<Outcome> check(Manifest manifest, List<DagAssertion> assertions) {
    List<String> order = manifest.dag().executionBatches().stream().flatMap(List::stream).toList();
    List<Outcome> out = new ArrayList<>();
    for (DagAssertion a : assertions) {
      out.add(evaluate(manifest, order, a));
    }
    return out;
  }

  private static Outcome evaluate(Manifest manifest, List<String> order, DagAssertion a) {
    if (a instanceof DagAssertion.StepExists e) {
      return outcome(a, order.contains(e.step()), "step '" + e.step() + "' is not in the DAG; steps: " + order);
    }
    if (a instanceof DagAssertion.StepAbsent e) {
      return outcome(a, !order.contains(e.step()), "step '" + e.step() + "' is in the DAG");
    }
    if (a instanceof DagAssertion.StepOrder o) {
      int before = batchOf(manifest, o.before());
      int after = batchOf(manifest, o.after());
      if (before < 0 || after < 0) {
        return outcome(a, false, "step '" + (before < 0 ? o.before() : o.after()) + "' is not in the DAG; steps: " + order);
      }
      return outcome(a, before < after, "'" + o.before() + "' runs in batch " + (before + 1) + ", not before '" + o.after() + "' (batch " + (after + 1) + ")");
    }
    if (a instanceof DagAssertion.StepCount c) {
      int n = order.size();
      boolean ok = c.min().map(m -> n >= m).orElse(true) && c.max().map(m -> n <= m).orElse(true);
      return outcome(a, ok, "the DAG has " + n + " steps: " + order);
    }
    DagAssertion.ResourceLimit r = (DagAssertion.ResourceLimit) a;
    ManifestStep step = manifest.steps().get(r.step());
    if (step == null) {
      return outcome(a, false, "step '" + r.step() + "' is not in the DAG; steps: " + order);
    }
    List<String> violations = new ArrayList<>();
    compare(step.resources().memory(), r.memoryMax(), Quantities::memoryBytes, "memory", violations);
    compare(step.resources().cpu(), r.cpuMax(), Quantities::cpuMillis, "cpu", violations);
    return outcome(a, violations.isEmpty(), String.join("; ", violations));
  }

  private static void compare(Optional<String> actual, Optional<String> limit, java.util.function.ToDoubleFunction<String> parse, String what,
      List<String> violations) {
    if (limit.isPresent() && actual.isPresent() && parse.applyAsDouble(actual.get()) > parse.applyAsDouble(limit.get())) {
      violations.add(what + " " + actual.get() + " exceeds " + limit.get());
    }
  }

  private static int batchOf(Manifest manifest, String step) {
    List<List<String>> batches = manifest.dag().executionBatches();
    for (int i = 0; i < batches.size(); i++) {
      if (batches.get(i).contains(step)) {
        return i;
      }
    }
    return -1;
  }

  private static Outcome outcome(DagAssertion a, boolean passed, String failure) {
    return new Outcome(a, passed, passed ? "" : failure);
  }
}
