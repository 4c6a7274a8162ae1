package io.mbt.steps.runner;

import static java.util.Objects.requireNonNull;

import io.mbt.steps.api.SourcePins;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What to run: a new run, a retry of an earlier run (same run id, completed steps reused), one step
 * of a run ({@code mbt exec}, what orchestrators call), or named steps of a run (what the Model
 * Factory's TRAIN and EVAL stages call). Where the run's files go and how to stop it are {@link
 * RunOptions}.
 *
 * @param force for {@link Mode#RETRY} and {@link Mode#STEPS}: run every step concerned again, even
 *     those completed earlier in the run
 * @param steps the step {@link Mode#EXEC} runs, or the steps {@link Mode#STEPS} runs; empty for the
 *     other modes
 * @param sourcePins when present, the Delta versions the run reads its source tables at ({@code
 *     load_data} fails rather than read a table that is not pinned); when empty, sources are read as
 *     they are now
 */
public record RunRequest(String runId, LocalDate executionDate, Mode mode, boolean force, List<String> steps, Optional<SourcePins> sourcePins) {
  public enum Mode {
    /** Every step, as a new run; refused if the run id already has completed steps. */
    RUN,
    /** Resumes a run: steps that did not complete, and what depends on them (every step with force). */
    RETRY,
    /** One step, always run, from the stored outputs of the steps before it. */
    EXEC,
    /**
     * The named steps, in DAG order, from the stored outputs of completed steps of the same run;
     * refused before anything runs if a named step reads an output of a step that is neither named
     * nor completed. Named steps completed earlier are reused unless forced, as in a retry. The
     * other steps are reported as {@code not_selected}.
     */
    STEPS
  }

  public RunRequest {
    requireNonNull(runId, "runId is null");
    requireNonNull(executionDate, "executionDate is null");
    requireNonNull(mode, "mode is null");
    steps = List.copyOf(requireNonNull(steps, "steps is null"));
    requireNonNull(sourcePins, "sourcePins is null");
    switch (mode) {
      case RUN, RETRY -> {
        if (!steps.isEmpty()) {
          throw new IllegalArgumentException("a " + mode.name().toLowerCase() + " runs every step it needs and names none, but was given " + steps
              + "; use RunRequest.steps to run named steps");
        }
      }
      case EXEC -> {
        if (steps.size() != 1) {
          throw new IllegalArgumentException("exec needs a step");
        }
      }
      case STEPS -> {
        if (steps.isEmpty()) {
          throw new IllegalArgumentException("a run of named steps needs at least one step name");
        }
        Set<String> seen = new HashSet<>();
        for (String step : steps) {
          if (step.isBlank() || !seen.add(step)) {
            throw new IllegalArgumentException("step names must be distinct and not blank, but were: " + steps);
          }
        }
      }
    }
  }

  /** A new run of every step. */
  public static RunRequest run(String runId, LocalDate executionDate) {
    return new RunRequest(runId, executionDate, Mode.RUN, false, List.of(), Optional.empty());
  }

  /** Resumes run {@code runId}; {@code force} runs every step again. */
  public static RunRequest retry(String runId, LocalDate executionDate, boolean force) {
    return new RunRequest(runId, executionDate, Mode.RETRY, force, List.of(), Optional.empty());
  }

  /** Runs step {@code step} of run {@code runId}. */
  public static RunRequest exec(String runId, LocalDate executionDate, String step) {
    return new RunRequest(runId, executionDate, Mode.EXEC, true, List.of(step), Optional.empty());
  }

  /**
   * Runs {@code steps} of run {@code runId} (see {@link Mode#STEPS}); {@code force} runs them again
   * even if they completed earlier in the run.
   */
  public static RunRequest steps(String runId, LocalDate executionDate, List<String> steps, boolean force) {
    return new RunRequest(runId, executionDate, Mode.STEPS, force, steps, Optional.empty());
  }

  /** This request, reading its source tables at {@code pins}. */
  public RunRequest withSourcePins(SourcePins pins) {
    return new RunRequest(runId, executionDate, mode, force, steps, Optional.of(requireNonNull(pins, "pins is null")));
  }

  /** The step an {@link Mode#EXEC} runs; empty for the other modes. */
  public Optional<String> onlyStep() {
    return mode == Mode.EXEC ? Optional.of(steps.get(0)) : Optional.empty();
  }
}
