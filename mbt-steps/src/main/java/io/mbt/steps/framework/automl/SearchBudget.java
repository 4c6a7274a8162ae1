package io.mbt.steps.framework.automl;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Decides whether the search may start another candidate: not beyond {@code max_models}, and not
 * when the time spent plus the expected time of the candidate would exceed {@code
 * max_runtime_secs}. The expected time is the longest finished candidate of the same family (a
 * random draw may be slower than its family's default, but rarely more than the slowest so far),
 * or the longest of any family before one of its own finished. So a search ends at most about one
 * candidate's time past the budget. Time never stops a search that has no trained model yet while
 * nothing is running (the first candidate always starts, and so does the next one after
 * failures), so a search returns a model however small its budget. Thread-safe.
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
  private double longestSeconds;
  private final Map<Family, Double> longestOfFamily = new EnumMap<>(Family.class);

  SearchBudget(double maxRuntimeSecs, int maxModels, LongSupplier nanoClock) {
    this.maxRuntimeSecs = maxRuntimeSecs;
    this.maxModels = maxModels;
    this.nanoClock = requireNonNull(nanoClock, "nanoClock is null");
    this.startNanos = nanoClock.getAsLong();
  }

  /** Counts a candidate of {@code family} as started and returns empty, or says why it may not start. */
  synchronized Optional<Stop> admit(Family family) {
    if (started >= maxModels) {
      return Optional.of(Stop.MAX_MODELS);
    }
    boolean nothingToShow = succeeded == 0 && finished == started;
    if (!nothingToShow) {
      double elapsed = elapsedSeconds();
      // Before any candidate finished there is no estimate: start while time is left.
      double expected = longestOfFamily.getOrDefault(family, longestSeconds);
      if (elapsed + expected > maxRuntimeSecs) {
        return Optional.of(Stop.MAX_RUNTIME_SECS);
      }
    }
    started++;
    return Optional.empty();
  }

  /** Records that a started candidate of {@code family} took {@code seconds} and trained or failed. */
  synchronized void finished(Family family, double seconds, boolean trained) {
    finished++;
    longestSeconds = Math.max(longestSeconds, seconds);
    longestOfFamily.merge(family, seconds, Math::max);
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
