package io.mbt.steps.evaluation;

import java.util.Map;
import java.util.function.Supplier;

/** The metrics of one problem type, computed from a scored test set, and its plots. */
interface ProblemEvaluation {
  long numRows();

  /** Every metric of the problem type, in {@link io.mbt.compiler.model.Metrics#supported} order; NaN when undefined. */
  Map<String, Double> metrics();

  /** JSON-ready extras for eval_metrics (confusion matrix, calibration, ...). */
  Map<String, Object> details();

  /** PNG file name to renderer; rendering may run small Spark jobs (samples, histograms). */
  Map<String, Supplier<byte[]>> plots();

  /** Log loss terms are clipped to [EPS, 1 - EPS], as Spark's MulticlassMetrics does. */
  double EPS = 1e-15;
}
