package io.mbt.mf.pipeline;

import io.mbt.mf.admission.ReasonCode;
import io.mbt.mf.admission.RefReader;
import io.mbt.mf.engine.StageFailedException;
import io.mbt.steps.api.SourcePinException;
import io.mbt.steps.runner.RunCancelledException;
import io.mbt.steps.runner.RunFailedException;
import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * Classifies what stopped a runner run into a reason code (MF-E7): whether retrying the stage can
 * help (TRANSIENT: lost I/O, memory, crashed executors) or cannot (HARD: a pinned input gone or
 * replaced, a step that failed on its data or config, a cancel).
 */
final class EngineFailures {
  private EngineFailures() {}

  static StageFailedException classify(String stage, String runId, Throwable failure) {
    if (failure instanceof StageFailedException already) {
      return already;
    }
    String where = stage + " run " + runId;
    if (failure instanceof RunCancelledException cancelled) {
      return new StageFailedException(ReasonCode.CANCELED, where + " was cancelled: " + cancelled.getMessage(), failure);
    }
    String message = failure.getMessage() + (failure instanceof RunFailedException run && !run.hint().isEmpty() ? " (hint: " + run.hint() + ")"
        : "");
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SourcePinException pin) {
        return new StageFailedException(pinCode(pin.code()), where + ": " + pin.getMessage(), failure);
      }
      if (t instanceof OutOfMemoryError) {
        return new StageFailedException(ReasonCode.RESOURCE_EXHAUSTED, where + " ran out of memory (" + t.getMessage()
            + "); retried with the policy's budget — give the driver or executors more memory if it recurs", failure);
      }
      if (t instanceof IOException io && !(io instanceof FileNotFoundException) && RefReader.isTransient(io)) {
        return new StageFailedException(ReasonCode.TRANSIENT_IO, where + " lost its storage: " + message, failure);
      }
      if (lostExecutor(t)) {
        return new StageFailedException(ReasonCode.RUNTIME_CRASH, where + " lost an executor: " + message, failure);
      }
    }
    return new StageFailedException(ReasonCode.STEP_FAILED, where + ": " + message, failure);
  }

  /** Pinned inputs that are gone are not found; a re-created table is another table; reading outside the pins is the recipe's fault. */
  static ReasonCode pinCode(SourcePinException.Code code) {
    switch (code) {
      case TABLE_NOT_FOUND:
      case VERSION_NOT_FOUND:
        return ReasonCode.REF_NOT_FOUND;
      case TABLE_REPLACED:
        return ReasonCode.IMMUTABILITY_CONFLICT;
      case NOT_PINNED:
        return ReasonCode.SCHEMA_INCOMPATIBLE_WITH_RECIPE;
      case NOT_VERSIONED:
      default:
        return ReasonCode.RECIPE_INVALID;
    }
  }

  /** Spark's words for an executor that died under a task, as opposed to a task that failed on its own. */
  private static boolean lostExecutor(Throwable t) {
    String m = t.getMessage();
    return m != null && (m.contains("ExecutorLostFailure") || m.contains("FetchFailed") || m.contains("Executor heartbeat timed out"));
  }
}
