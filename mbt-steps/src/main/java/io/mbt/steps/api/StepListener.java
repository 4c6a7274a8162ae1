package io.mbt.steps.api;

import java.time.Duration;

/**
 * Lifecycle callbacks (blueprint §13.3) for notifications and dashboards. Found with {@link
 * java.util.ServiceLoader} or registered on the runner. Every method is optional; a listener that
 * throws is logged and ignored: callbacks never change a run's outcome.
 */
public interface StepListener {
  default void onStepStart(String pipeline, String step, String runId) {}

  /**
   * Once the step's outputs and its record are stored. Model files may be written behind the
   * step, so this can come from the runner's commit thread while the next step runs; {@code
   * duration} is the step's own work, up to when it returned.
   */
  default void onStepComplete(String pipeline, String step, String runId, Duration duration) {}

  /**
   * Once the step's outputs and its record are committed (from the runner's commit thread, in step
   * order, before {@link #onStepComplete}): what it wrote, with digests. Not called for steps reused
   * from an earlier attempt of the run.
   */
  default void onStepCommitted(StepCommitted event) {}

  default void onStepSkipped(String pipeline, String step, String runId, String reason) {}

  default void onStepFailure(String pipeline, String step, String runId, Throwable error) {}

  /** The run ended: {@code status} is {@code success}, {@code failed} or {@code cancelled}. */
  default void onPipelineComplete(String pipeline, String runId, String status, Duration duration) {}
}
