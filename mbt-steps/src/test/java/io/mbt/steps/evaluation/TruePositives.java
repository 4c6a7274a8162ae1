package io.mbt.steps.evaluation;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A custom metric for tests: the number of true positives. */
public final class TruePositives implements CustomMetric {
  @Override
  public double compute(Dataset<Row> scored, MetricContext context) {
    return scored.filter(col(context.predictionColumn()).equalTo(1.0).and(col(context.labelIndexColumn()).equalTo(1.0))).count();
  }
}
