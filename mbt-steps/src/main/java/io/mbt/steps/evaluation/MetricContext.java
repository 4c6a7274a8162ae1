package io.mbt.steps.evaluation;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.model.ProblemType;
import io.mbt.steps.features.LabelInfo;
import java.util.Optional;

/**
 * What a {@link CustomMetric} knows about the scored test set.
 *
 * @param label the label mapping: class values in index order (the positive class is index 1)
 * @param threshold the probability at or above which a binary prediction is the positive class
 * @param labelIndexColumn the label as a double: the class index, or the value for regression
 * @param predictionColumn the predicted class index (binary: at {@code threshold}) or value
 * @param probabilityColumn classification only: the class probabilities, an {@code array<double>}
 *     indexed like {@link LabelInfo#classes()}
 * @param positiveProbabilityColumn binary only: the positive class's probability, a double
 */
public record MetricContext(
    LabelInfo label,
    double threshold,
    String labelIndexColumn,
    String predictionColumn,
    Optional<String> probabilityColumn,
    Optional<String> positiveProbabilityColumn) {

  public MetricContext {
    requireNonNull(label, "label is null");
    requireNonNull(labelIndexColumn, "labelIndexColumn is null");
    requireNonNull(predictionColumn, "predictionColumn is null");
    requireNonNull(probabilityColumn, "probabilityColumn is null");
    requireNonNull(positiveProbabilityColumn, "positiveProbabilityColumn is null");
  }

  /** The context for data laid out by {@link PredictionColumns#standardize}. */
  public static MetricContext standard(LabelInfo label, double threshold) {
    boolean classification = label.problemType().isClassification();
    boolean binary = label.problemType() == ProblemType.BINARY_CLASSIFICATION;
    return new MetricContext(label, threshold, LabelInfo.INDEX_COLUMN, PredictionColumns.PREDICTION,
        classification ? Optional.of(PredictionColumns.PROBABILITY) : Optional.empty(),
        binary ? Optional.of(PredictionColumns.PROBABILITY_POSITIVE) : Optional.empty());
  }

  public ProblemType problemType() {
    return label.problemType();
  }
}
