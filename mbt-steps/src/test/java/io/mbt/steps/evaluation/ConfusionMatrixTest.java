package io.mbt.steps.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  // rows actual, columns predicted: class 0 [1, 1, 0], class 1 [0, 2, 0], class 2 [1, 0, 1]
  private final ConfusionMatrix matrix = new ConfusionMatrix(List.of("a", "b", "c"), new long[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 1}});

  @Test
  void computesPerClassScoresLikeSparksMulticlassMetrics() {
    assertThat(matrix.total()).isEqualTo(6);
    assertThat(matrix.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
    assertThat(matrix.precision(0)).isCloseTo(0.5, within(1e-12));
    assertThat(matrix.precision(1)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(matrix.precision(2)).isCloseTo(1.0, within(1e-12));
    assertThat(matrix.recall(1)).isCloseTo(1.0, within(1e-12));
    assertThat(matrix.f1(1)).isCloseTo(0.8, within(1e-12));
  }

  @Test
  void weightsClassesByTheirActualCounts() {
    assertThat(matrix.weightedPrecision()).isCloseTo((0.5 + 2.0 / 3 + 1.0) / 3, within(1e-12));
    assertThat(matrix.weightedRecall()).isCloseTo(matrix.accuracy(), within(1e-12));
    assertThat(matrix.weightedF1()).isCloseTo((0.5 + 0.8 + 2.0 / 3) / 3, within(1e-12));
  }

  @Test
  void scoresAClassNeverPredictedAsZero() {
    ConfusionMatrix none = new ConfusionMatrix(List.of("No", "Yes"), new long[][] {{3, 0}, {2, 0}});
    assertThat(none.precision(1)).isZero();
    assertThat(none.recall(1)).isZero();
    assertThat(none.f1(1)).isZero();
  }

  @Test
  void rejectsAMatrixOfTheWrongShape() {
    assertThatThrownBy(() -> new ConfusionMatrix(List.of("a", "b"), new long[][] {{1, 2}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counts must have 2 rows, but had: 1");
  }

  @Test
  void serializesRowsAsActualClasses() {
    assertThat(matrix.toJson()).containsEntry("classes", List.of("a", "b", "c"))
        .containsEntry("matrix", List.of(List.of(1L, 1L, 0L), List.of(0L, 2L, 0L), List.of(1L, 0L, 1L)));
  }
}
