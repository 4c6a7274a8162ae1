package io.mbt.steps.framework;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A model fitted by a {@link FrameworkTrainer}, held as a Spark ML {@link PipelineModel} so that
 * training and serving share one object and it composes with fitted preprocessing stages.
 *
 * <p>{@link #transform} adds a {@code prediction} column; classifiers also add {@code probability}
 * (a vector of class probabilities) and {@code rawPrediction}. The model reads the features column
 * named in its {@link TrainingContext}.
 */
public interface TrainedModel {

  /** The name of the framework that fitted it, e.g. {@code xgboost}. */
  String framework();

  /**
   * The fitted model as a pipeline whose last stage is the framework's Spark ML model, after any
   * stages the framework needs in front of it (XGBoost makes its features dense).
   */
  PipelineModel pipelineModel();

  /** Adds the prediction columns to {@code data}. Lazy, as any Spark transformation. */
  default Dataset<Row> transform(Dataset<?> data) {
    return pipelineModel().transform(data);
  }

  /**
   * Saves the model with Spark ML's writer at {@code path} (any Hadoop URI), replacing what is
   * there. {@link FrameworkTrainer#load} of the same framework reads it back (prefer it to {@code
   * PipelineModel.load}: it also repairs known defects of library model readers).
   *
   * @throws UncheckedIOException if the write fails
   */
  default void save(String path) {
    try {
      pipelineModel().write().overwrite().save(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model to " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The importance of each feature, keyed by name in vector order: non-negative, summing to 1
   * (all zero if the model uses no feature). Trees report their split gains, linear models the
   * absolute values of their coefficients (comparable only when features share a scale).
   *
   * @param featureNames the names of the features vector's elements, in order
   * @throws IllegalArgumentException if their number is not the model's number of features
   */
  Map<String, Double> featureImportance(List<String> featureNames);
}
