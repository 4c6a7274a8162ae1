package io.mbt.steps.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.steps.api.StepFailedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomMetricTest {
  @Test
  void namesAMetricAfterItsClassInSnakeCase() {
    assertThat(CustomMetric.snakeCase("BusinessValueScore")).isEqualTo("business_value_score");
    assertThat(CustomMetric.snakeCase("ROCLift")).isEqualTo("roc_lift");
    assertThat(new TruePositives().name()).isEqualTo("true_positives");
  }

  @Test
  void loadsMetricsByClassName() {
    assertThat(CustomMetrics.load(List.of(TruePositives.class.getName()))).singleElement().isInstanceOf(TruePositives.class);
  }

  @Test
  void refusesAMissingClass() {
    assertThatThrownBy(() -> CustomMetrics.load(List.of("com.acme.Missing")))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("custom metric class com.acme.Missing is not on the classpath");
  }

  @Test
  void refusesAClassThatIsNotAMetric() {
    assertThatThrownBy(() -> CustomMetrics.load(List.of(String.class.getName())))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("custom metric class java.lang.String does not implement io.mbt.steps.evaluation.CustomMetric");
  }
}
