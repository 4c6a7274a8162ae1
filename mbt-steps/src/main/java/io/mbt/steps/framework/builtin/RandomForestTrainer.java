package io.mbt.steps.framework.builtin;

import io.mbt.compiler.model.ProblemType;
import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;

/**
 * {@code mllib_random_forest}: Spark's RandomForestClassifier (binary and multiclass) and
 * RandomForestRegressor. Config keys are Spark's param names in snake_case: {@code num_trees},
 * {@code max_depth}, {@code feature_subset_strategy}, {@code subsampling_rate}, {@code max_bins},
 * {@code min_instances_per_node}, {@code impurity}, {@code bootstrap}, ...
 */
public final class RandomForestTrainer extends EstimatorTrainer {
  @Override
  public String name() {
    return "mllib_random_forest";
  }

  @Override
  public Set<ProblemType> problemTypes() {
    return EnumSet.allOf(ProblemType.class);
  }

  @Override
  Estimator<?> newEstimator(ProblemType problemType) {
    return problemType.isClassification()
        ? new RandomForestClassifier()
        : new RandomForestRegressor();
  }

  @Override
  boolean fitted(Transformer model) {
    return model instanceof RandomForestClassificationModel
        || model instanceof RandomForestRegressionModel;
  }

  @Override
  double[] importances(Transformer model) {
    return model instanceof RandomForestClassificationModel classifier
        ? classifier.featureImportances().toArray()
        : ((RandomForestRegressionModel) model).featureImportances().toArray();
  }
}
