package io.mbt.steps.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.model.ProblemType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingContextTest {

  @Test
  void factoriesSetTheNumberOfClassesOfTheirProblemType() {
    assertThat(TrainingContext.binary("y", "f", Map.of(), 1).numClasses()).isEqualTo(2);
    assertThat(TrainingContext.multiclass("y", "f", 5, Map.of(), 1).numClasses()).isEqualTo(5);
    assertThat(TrainingContext.regression("y", "f", Map.of(), 1).numClasses()).isZero();
  }

  @Test
  void rejectsNumberOfClassesThatDoesNotFitTheProblemType() {
    assertThatThrownBy(
            () -> new TrainingContext("y", "f", ProblemType.BINARY_CLASSIFICATION, Map.of(), 1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("numClasses must be 2 for binary_classification, but was: 3");
    assertThatThrownBy(() -> TrainingContext.multiclass("y", "f", 2, Map.of(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("numClasses must be >= 3 for multiclass_classification (use"
            + " binary_classification for 2 classes), but was: 2");
    assertThatThrownBy(() -> new TrainingContext("y", "f", ProblemType.REGRESSION, Map.of(), 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("numClasses must be 0 for regression, but was: 2");
  }

  @Test
  void copiesConfigKeepingNullValuesAndOrder() {
    Map<String, Object> config = new HashMap<>();
    config.put("max_depth", null);
    TrainingContext context = TrainingContext.binary("y", "f", config, 1);
    config.put("eta", 0.1);

    assertThat(context.config()).containsOnlyKeys("max_depth");
    assertThatThrownBy(() -> context.config().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(context.withConfig(Map.of("eta", 0.3)).config()).containsExactly(
        Map.entry("eta", 0.3));
  }
}
