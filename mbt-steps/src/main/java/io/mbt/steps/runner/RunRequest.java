package io.mbt.steps.runner;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What to run: a new run, a retry of an earlier run (same run id, completed steps reused), or one
 * step of a run ({@code mbt exec}, what orchestrators call).
 */
public record RunRequest(String runId, LocalDate executionDate, Mode mode, boolean force, Optional<String> onlyStep) {
  public enum Mode {
    RUN,
    RETRY,
    EXEC
  }

  public RunRequest {
    Objects.requireNonNull(runId, "runId is null");
    Objects.requireNonNull(executionDate, "executionDate is null");
    Objects.requireNonNull(mode, "mode is null");
    Objects.requireNonNull(onlyStep, "onlyStep is null");
    if (mode == Mode.EXEC && onlyStep.isEmpty()) {
      throw new IllegalArgumentException("exec needs a step");
    }
  }

  public static RunRequest run(String runId, LocalDate executionDate) {
    return new RunRequest(runId, executionDate, Mode.RUN, false, Optional.empty());
  }

  public static RunRequest retry(String runId, LocalDate executionDate, boolean force) {
    return new RunRequest(runId, executionDate, Mode.RETRY, force, Optional.empty());
  }

  public static RunRequest exec(String runId, LocalDate executionDate, String step) {
    return new RunRequest(runId, executionDate, Mode.EXEC, true, Optional.of(step));
  }
}
