package io.mbt.steps.framework.builtin;

import io.mbt.compiler.model.ProblemType;
import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;

/**
 * {@code mllib_gbt}: Spark's gradient-boosted trees (GBTClassifier, binary only; GBTRegressor).
 * Config keys are Spark's param names in snake_case: {@code max_iter}, {@code step_size}, {@code
 * max_depth}, {@code subsampling_rate}, {@code feature_subset_strategy}, {@code max_bins}, {@code
 * min_instances_per_node}, {@code loss_type}, ...
 */
public final class GbtTrainer extends EstimatorTrainer {
  @Override
  public String name() {
    return "mllib_gbt";
  }

  @Override
  public Set<ProblemType> problemTypes() {
    return EnumSet.of(ProblemType.BINARY_CLASSIFICATION, ProblemType.REGRESSION);
  }

  @Override
  String unsupportedHint(ProblemType problemType) {
    return "Spark's GBTClassifier is binary only: for multiclass_classification use xgboost,"
        + " mllib_random_forest or mllib_logistic_regression";
  }

  @Override
  Estimator<?> newEstimator(ProblemType problemType) {
    return problemType.isClassification() ? new GBTClassifier() : new GBTRegressor();
  }

  @Override
  boolean fitted(Transformer model) {
    return model instanceof GBTClassificationModel || model instanceof GBTRegressionModel;
  }

  @Override
  double[] importances(Transformer model) {
    return model instanceof GBTClassificationModel classifier
        ? classifier.featureImportances().toArray()
        : ((GBTRegressionModel) model).featureImportances().toArray();
  }
}
