package io.mbt.steps.runner;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.steps.api.StepFailedException;
import java.util.Collection;
import java.util.List;

/** The error factory of the runner's requests: each message names the run and step, what is missing, and the fix. */
final class RunErrors {
  private RunErrors() {}

  static StepFailedException runHasSteps(Manifest manifest, String runId, Collection<String> completed) {
    String pipeline = manifest.metadata().pipelineName();
    return new StepFailedException("run " + runId + " of " + pipeline + " already has completed steps " + completed,
        "use 'mbt retry " + pipeline + "' to resume it, or start a new run");
  }

  static StepFailedException unknownStep(Manifest manifest, String step, List<String> order) {
    return new StepFailedException("pipeline " + manifest.metadata().pipelineName() + " has no step '" + step + "'",
        "steps: " + String.join(", ", order));
  }

  /**
   * @param through the steps whose outputs are rebuilt from their own inputs on read, from {@code
   *     reader}'s input to {@code producer}; empty when {@code producer} made the input itself
   */
  static StepFailedException inputNotAvailable(String runId, String reader, String inputRef, List<String> through, String producer) {
    String via = through.isEmpty() ? "" : " (rebuilt on read through step" + (through.size() > 1 ? "s " : " ") + String.join(", ", through) + ")";
    return new StepFailedException("step " + reader + " reads " + inputRef + via + ", but step " + producer
        + " is neither selected nor completed in run " + runId,
        "select step " + producer + " too, or run it in run " + runId + " first");
  }
}
