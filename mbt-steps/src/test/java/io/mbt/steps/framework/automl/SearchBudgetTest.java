package io.mbt.steps.framework.automl;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.steps.framework.automl.SearchBudget.Stop;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SearchBudgetTest {
  private final AtomicLong nanos = new AtomicLong(1_000);

  @Test
  void alwaysStartsTheFirstCandidateEvenPastTheBudget() {
    SearchBudget budget = new SearchBudget(1, 10, nanos::get);
    advanceSeconds(5);

    assertThat(budget.admit()).isEmpty();
    budget.finished(1, true);
    assertThat(budget.admit()).contains(Stop.MAX_RUNTIME_SECS);
  }

  @Test
  void stopsAtMaxModels() {
    SearchBudget budget = new SearchBudget(3600, 2, nanos::get);

    assertThat(budget.admit()).isEmpty();
    budget.finished(1, true);
    assertThat(budget.admit()).isEmpty();
    budget.finished(1, true);
    assertThat(budget.admit()).contains(Stop.MAX_MODELS);
  }

  @Test
  void startsACandidateOnlyIfTheMeanCandidateTimeStillFits() {
    SearchBudget budget = new SearchBudget(10, 100, nanos::get);
    assertThat(budget.admit()).isEmpty();
    advanceSeconds(2);
    budget.finished(2, true);
    assertThat(budget.admit()).as("2 s spent + 2 s expected <= 10 s").isEmpty();
    advanceSeconds(4);
    budget.finished(4, true);

    // 6 s spent + 3 s mean = 9 s: fits.
    assertThat(budget.admit()).isEmpty();
    advanceSeconds(1.5);
    budget.finished(1.5, true);
    // 7.5 s spent + 2.5 s mean = 10 s: still fits; a little later it does not.
    assertThat(budget.admit()).isEmpty();
    budget.finished(2.5, true);
    advanceSeconds(0.1);
    assertThat(budget.admit()).contains(Stop.MAX_RUNTIME_SECS);
  }

  @Test
  void startsWhileTimeIsLeftBeforeAnyCandidateFinished() {
    SearchBudget budget = new SearchBudget(10, 100, nanos::get);
    assertThat(budget.admit()).isEmpty();
    advanceSeconds(9);
    assertThat(budget.admit()).as("parallel search, nothing finished yet").isEmpty();
    advanceSeconds(2);
    assertThat(budget.admit()).isEqualTo(Optional.of(Stop.MAX_RUNTIME_SECS));
  }

  @Test
  void keepsStartingAfterFailuresUntilAModelTrains() {
    SearchBudget budget = new SearchBudget(1, 10, nanos::get);
    assertThat(budget.admit()).isEmpty();
    advanceSeconds(3);
    budget.finished(3, false);

    assertThat(budget.admit()).as("nothing trained yet").isEmpty();
    budget.finished(1, true);
    assertThat(budget.admit()).contains(Stop.MAX_RUNTIME_SECS);
  }

  @Test
  void failuresDoNotLiftMaxModels() {
    SearchBudget budget = new SearchBudget(1, 1, nanos::get);
    assertThat(budget.admit()).isEmpty();
    budget.finished(1, false);

    assertThat(budget.admit()).contains(Stop.MAX_MODELS);
  }

  private void advanceSeconds(double seconds) {
    nanos.addAndGet((long) (seconds * 1e9));
  }
}
