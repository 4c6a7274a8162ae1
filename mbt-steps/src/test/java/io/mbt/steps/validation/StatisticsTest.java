package io.mbt.steps.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mbt.steps.validation.Statistics.Moments;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {
  @Test
  void psiIsZeroForIdenticalShapesAndGrowsWithTheShift() {
    assertThat(Statistics.psi(new double[] {10, 20, 70}, new double[] {100, 200, 700})).isCloseTo(0, within(1e-12));
    double small = Statistics.psi(new double[] {30, 40, 30}, new double[] {28, 42, 30});
    double large = Statistics.psi(new double[] {30, 40, 30}, new double[] {5, 25, 70});
    assertThat(small).isLessThan(0.01);
    assertThat(large).isGreaterThan(0.5);
  }

  @Test
  void psiOfAnEmptyBinIsFiniteThanksToTheFloor() {
    assertThat(Statistics.psi(new double[] {50, 50, 0}, new double[] {40, 40, 20})).isFinite().isGreaterThan(0.5);
  }

  @Test
  void cramersVIsOneWhenTheFeatureDeterminesTheClassAndNearZeroWhenIndependent() {
    assertThat(Statistics.cramersV(new long[][] {{500, 0}, {0, 500}})).isCloseTo(1.0, within(1e-3));
    assertThat(Statistics.cramersV(new long[][] {{250, 250}, {250, 250}})).isCloseTo(0.0, within(1e-9));
    assertThat(Statistics.cramersV(new long[][] {{100, 0}})).isZero();
  }

  @Test
  void cramersVBiasCorrectionDiscountsManyCategoriesOverFewRows() {
    // 20 categories, 2 rows each, classes alternating: looks associated only by chance.
    long[][] table = new long[20][2];
    for (int i = 0; i < 20; i++) {
      table[i][i % 2] = 2;
    }
    assertThat(Statistics.cramersV(table)).isLessThan(0.95);
  }

  @Test
  void correlationRatioEqualsAbsolutePointBiserialCorrelationForTwoGroups() {
    // x = 0,1 in group A and 2,3 in group B: r(x, group) = 0.894...
    double eta = Statistics.correlationRatio(List.of(new Moments(2, 1, 1), new Moments(2, 5, 13)));
    assertThat(eta).isCloseTo(2 / Math.sqrt(5), within(1e-9));
    assertThat(Statistics.correlationRatio(List.of(new Moments(3, 3, 3), new Moments(3, 3, 3)))).isZero();
  }
}
