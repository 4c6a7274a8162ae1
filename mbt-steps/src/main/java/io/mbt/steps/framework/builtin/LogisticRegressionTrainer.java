package io.mbt.steps.framework.builtin;

import io.mbt.compiler.model.ProblemType;
import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;

/**
 * {@code mllib_logistic_regression}: Spark's LogisticRegression, binomial for binary and
 * multinomial for multiclass classification ({@code family=auto}). Config keys are Spark's param
 * names in snake_case: {@code max_iter}, {@code reg_param}, {@code elastic_net_param}, {@code
 * fit_intercept}, {@code standardization}, {@code tol}, {@code threshold}, {@code family}, ...
 */
public final class LogisticRegressionTrainer extends EstimatorTrainer {
  /** Matrix- and vector-valued params: not expressible in a pipeline's YAML. */
  private static final Set<String> BOUNDS =
      Set.of("lowerBoundsOnCoefficients", "upperBoundsOnCoefficients",
          "lowerBoundsOnIntercepts", "upperBoundsOnIntercepts");

  @Override
  public String name() {
    return "mllib_logistic_regression";
  }

  @Override
  public Set<ProblemType> problemTypes() {
    return EnumSet.of(ProblemType.BINARY_CLASSIFICATION, ProblemType.MULTICLASS_CLASSIFICATION);
  }

  @Override
  String unsupportedHint(ProblemType problemType) {
    return "for regression use mllib_linear_regression";
  }

  @Override
  Estimator<?> newEstimator(ProblemType problemType) {
    return new LogisticRegression();
  }

  @Override
  Set<String> hiddenParams() {
    return BOUNDS;
  }

  @Override
  boolean fitted(Transformer model) {
    return model instanceof LogisticRegressionModel;
  }

  /** Sum over classes of the absolute coefficients of each feature. */
  @Override
  double[] importances(Transformer model) {
    Matrix coefficients = ((LogisticRegressionModel) model).coefficientMatrix();
    double[] importance = new double[coefficients.numCols()];
    for (int row = 0; row < coefficients.numRows(); row++) {
      for (int col = 0; col < coefficients.numCols(); col++) {
        importance[col] += Math.abs(coefficients.apply(row, col));
      }
    }
    return importance;
  }
}
