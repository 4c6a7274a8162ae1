package io.mbt.steps.framework.automl;

import static java.util.Objects.requireNonNull;

import io.mbt.steps.framework.FrameworkTrainer;
import io.mbt.steps.framework.TrainedModel;
import io.mbt.steps.framework.TrainingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Scores a candidate by k-fold cross-validation on data that carries a {@link Folds} column: for
 * each fold, fits the candidate's framework on the other folds and evaluates the metric on it.
 */
final class CrossValidation {
  private final Dataset<Row> folded;
  private final TrainingContext context;
  private final int nfolds;
  private final CvMetric metric;

  /**
   * @param folded the training data with the fold column, cached by the caller
   * @param context the label and features columns, problem type and seed of every candidate
   */
  CrossValidation(Dataset<Row> folded, TrainingContext context, int nfolds, CvMetric metric) {
    this.folded = requireNonNull(folded, "folded is null");
    this.context = requireNonNull(context, "context is null");
    this.nfolds = nfolds;
    this.metric = requireNonNull(metric, "metric is null");
  }

  /**
   * The candidate's metric on every fold. With {@code keepPredictions}, also its out-of-fold
   * predictions (label, fold, prediction and, for classifiers, probability), lazily: computing
   * them replays the fold models on the data.
   *
   * @throws RuntimeException whatever the framework throws
   */
  Scores score(Candidate candidate, FrameworkTrainer trainer, boolean keepPredictions) {
    TrainingContext candidateContext = contextFor(candidate);
    List<Double> values = new ArrayList<>(nfolds);
    Dataset<Row> outOfFold = null;
    for (int fold = 0; fold < nfolds; fold++) {
      TrainedModel model = trainer.train(folded.filter(Folds.outside(fold)), candidateContext);
      Dataset<Row> predictions = model.transform(folded.filter(Folds.in(fold)));
      values.add(metric.evaluate(predictions));
      if (keepPredictions) {
        Dataset<Row> kept = predictions.select(predictionColumns());
        outOfFold = outOfFold == null ? kept : outOfFold.unionByName(kept);
      }
    }
    return new Scores(values, Optional.ofNullable(outOfFold));
  }

  /** The context that trains {@code candidate}: its params, with the search's columns and seed. */
  TrainingContext contextFor(Candidate candidate) {
    return context.withConfig(candidate.params());
  }

  private Column[] predictionColumns() {
    List<Column> columns = new ArrayList<>(List.of(
        functions.col(context.labelColumn()), functions.col(Folds.COLUMN),
        functions.col("prediction")));
    if (context.problemType().isClassification()) {
      columns.add(functions.col("probability"));
    }
    return columns.toArray(Column[]::new);
  }

  /**
   * A candidate's metric on each fold.
   *
   * @param outOfFold its out-of-fold predictions, if asked for
   */
  record Scores(List<Double> folds, Optional<Dataset<Row>> outOfFold) {
    Scores {
      folds = List.copyOf(folds);
      requireNonNull(outOfFold, "outOfFold is null");
    }

    double mean() {
      return folds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The sample standard deviation; 0 for a single fold. */
    double std() {
      if (folds.size() < 2) {
        return 0;
      }
      double mean = mean();
      double squares = folds.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
      return Math.sqrt(squares / (folds.size() - 1));
    }
  }
}
