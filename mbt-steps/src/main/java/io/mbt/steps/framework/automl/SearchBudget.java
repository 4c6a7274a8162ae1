package io.mbt.steps.framework.automl;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Decides whether the search may start another candidate: not beyond {@code max_models}, and not
 * when the time spent plus the mean time of a finished candidate would exceed {@code
 * max_runtime_secs}. Time never stops a search that has no trained model yet while nothing is
 * running (the first candidate always starts, and so does the next one after failures), so a
 * search returns a model however small its budget. Thread-safe.
 */
final class SearchBudget {
  /** Why a search stopped, as the leaderboard records it. */
  enum Stop {
    MAX_MODELS("max_models"),
    MAX_RUNTIME_SECS("max_runtime_secs"),
    SEARCH_SPACE("search_space");

    private final String key;

    Stop(String key) {
      this.key = key;
    }

    String key() {
      return key;
    }
  }

  private final double maxRuntimeSecs;
  private final int maxModels;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private int started;
  private int finished;
  private int succeeded;
  private double finishedSeconds;

  SearchBudget(double maxRuntimeSecs, int maxModels, LongSupplier nanoClock) {
    this.maxRuntimeSecs = maxRuntimeSecs;
    this.maxModels = maxModels;
    this.nanoClock = requireNonNull(nanoClock, "nanoClock is null");
    this.startNanos = nanoClock.getAsLong();
  }

  /** Counts a candidate as started and returns empty, or says why it may not start. */
  synchronized Optional<Stop> admit() {
    if (started >= maxModels) {
      return Optional.of(Stop.MAX_MODELS);
    }
    boolean nothingToShow = succeeded == 0 && finished == started;
    if (!nothingToShow) {
      double elapsed = elapsedSeconds();
      // Before any candidate finished there is no estimate: start while time is left.
      double expected = finished == 0 ? 0 : finishedSeconds / finished;
      if (elapsed + expected > maxRuntimeSecs) {
        return Optional.of(Stop.MAX_RUNTIME_SECS);
      }
    }
    started++;
    return Optional.empty();
  }

  /** Records that a started candidate took {@code seconds} and trained or failed. */
  synchronized void finished(double seconds, boolean trained) {
    finished++;
    finishedSeconds += seconds;
    if (trained) {
      succeeded++;
    }
  }

  int maxModels() {
    return maxModels;
  }

  /** Seconds since the budget was created. */
  double elapsedSeconds() {
    return (nanoClock.getAsLong() - startNanos) / 1e9;
  }
}
