package io.mbt.steps.framework.builtin;

import io.mbt.compiler.model.ProblemType;
import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;

/**
 * {@code mllib_linear_regression}: Spark's LinearRegression. Config keys are Spark's param names in
 * snake_case: {@code max_iter}, {@code reg_param}, {@code elastic_net_param}, {@code
 * fit_intercept}, {@code standardization}, {@code solver}, {@code loss}, {@code epsilon}, ...
 */
public final class LinearRegressionTrainer extends EstimatorTrainer {
  @Override
  public String name() {
    return "mllib_linear_regression";
  }

  @Override
  public Set<ProblemType> problemTypes() {
    return EnumSet.of(ProblemType.REGRESSION);
  }

  @Override
  String unsupportedHint(ProblemType problemType) {
    return "for classification use mllib_logistic_regression";
  }

  @Override
  Estimator<?> newEstimator(ProblemType problemType) {
    return new LinearRegression();
  }

  @Override
  boolean fitted(Transformer model) {
    return model instanceof LinearRegressionModel;
  }

  /** Absolute coefficients. */
  @Override
  double[] importances(Transformer model) {
    return ((LinearRegressionModel) model).coefficients().toArray();
  }
}
