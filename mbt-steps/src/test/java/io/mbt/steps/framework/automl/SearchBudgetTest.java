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

    assertThat(budget.admit(Family.GBT)).isEmpty();
    budget.finished(Family.GBT, 1, true);
    assertThat(budget.admit(Family.GBT)).contains(Stop.MAX_RUNTIME_SECS);
  }

  @Test
  void stopsAtMaxModels() {
    SearchBudget budget = new SearchBudget(3600, 2, nanos::get);

    assertThat(budget.admit(Family.GBT)).isEmpty();
    budget.finished(Family.GBT, 1, true);
    assertThat(budget.admit(Family.GBT)).isEmpty();
    budget.finished(Family.GBT, 1, true);
    assertThat(budget.admit(Family.GBT)).contains(Stop.MAX_MODELS);
  }

  @Test
  void startsACandidateOnlyIfTheLongestTimeOfItsFamilyStillFits() {
    SearchBudget budget = new SearchBudget(10, 100, nanos::get);
    assertThat(budget.admit(Family.LOGISTIC_REGRESSION)).isEmpty();
    advanceSeconds(1);
    budget.finished(Family.LOGISTIC_REGRESSION, 1, true);
    assertThat(budget.admit(Family.XGBOOST)).as("1 s spent + 1 s (longest of any family so far) <= 10 s").isEmpty();
    advanceSeconds(4);
    budget.finished(Family.XGBOOST, 4, true);

    // 5 s spent: another logistic regression (1 s) fits, another XGBoost (4 s) too.
    assertThat(budget.admit(Family.LOGISTIC_REGRESSION)).isEmpty();
    advanceSeconds(1);
    budget.finished(Family.LOGISTIC_REGRESSION, 1, true);
    // 6 s spent + 4 s = 10 s: XGBoost still fits; a little later it does not, a logistic regression does.
    assertThat(budget.admit(Family.XGBOOST)).isEmpty();
    budget.finished(Family.XGBOOST, 3, true);
    advanceSeconds(0.5);
    assertThat(budget.admit(Family.XGBOOST)).contains(Stop.MAX_RUNTIME_SECS);
    assertThat(budget.admit(Family.LOGISTIC_REGRESSION)).isEmpty();
    // A family that has not finished yet is expected to take as long as the slowest so far (4 s).
    assertThat(budget.admit(Family.RANDOM_FOREST)).contains(Stop.MAX_RUNTIME_SECS);
  }

  @Test
  void startsWhileTimeIsLeftBeforeAnyCandidateFinished() {
    SearchBudget budget = new SearchBudget(10, 100, nanos::get);
    assertThat(budget.admit(Family.GBT)).isEmpty();
    advanceSeconds(9);
    assertThat(budget.admit(Family.GBT)).as("parallel search, nothing finished yet").isEmpty();
    advanceSeconds(2);
    assertThat(budget.admit(Family.GBT)).isEqualTo(Optional.of(Stop.MAX_RUNTIME_SECS));
  }

  @Test
  void keepsStartingAfterFailuresUntilAModelTrains() {
    SearchBudget budget = new SearchBudget(1, 10, nanos::get);
    assertThat(budget.admit(Family.GBT)).isEmpty();
    advanceSeconds(3);
    budget.finished(Family.GBT, 3, false);

    assertThat(budget.admit(Family.GBT)).as("nothing trained yet").isEmpty();
    budget.finished(Family.GBT, 1, true);
    assertThat(budget.admit(Family.GBT)).contains(Stop.MAX_RUNTIME_SECS);
  }

  @Test
  void failuresDoNotLiftMaxModels() {
    SearchBudget budget = new SearchBudget(1, 1, nanos::get);
    assertThat(budget.admit(Family.GBT)).isEmpty();
    budget.finished(Family.GBT, 1, false);

    assertThat(budget.admit(Family.GBT)).contains(Stop.MAX_MODELS);
  }

  private void advanceSeconds(double seconds) {
    nanos.addAndGet((long) (seconds * 1e9));
  }
}
