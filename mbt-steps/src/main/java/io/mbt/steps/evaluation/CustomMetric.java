package io.mbt.steps.evaluation;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A user's evaluation metric, named in {@code training.evaluation.custom_metrics} by its class name
 * and reported next to the built-in metrics under {@link #name()}.
 *
 * <p>Implementations need a public no-argument constructor and must be stateless. {@link #compute}
 * receives the scored test set (cached: run as many Spark jobs on it as needed, but do not
 * unpersist it) whose columns {@link MetricContext} names: the class index label, the prediction
 * and, for classifiers, the class probabilities.
 *
 * <pre>{@code
 * public final class BusinessValue implements CustomMetric {
 *   public double compute(Dataset<Row> scored, MetricContext ctx) {
 *     Row r = scored.agg(
 *         sum(when(col(ctx.predictionColumn()).equalTo(1).and(col(ctx.labelIndexColumn()).equalTo(1)), 1).otherwise(0)),
 *         sum(when(col(ctx.predictionColumn()).equalTo(1), 1).otherwise(0))).head();
 *     return r.getLong(0) * 500.0 - r.getLong(1) * 50.0;
 *   }
 * }
 * }</pre>
 */
public interface CustomMetric {

  /**
   * The metric's name in eval_metrics and run results; by default the class's simple name in
   * snake_case ({@code BusinessValueScore} is {@code business_value_score}).
   */
  default String name() {
    return snakeCase(getClass().getSimpleName());
  }

  /**
   * The metric's value on {@code scored}.
   *
   * @throws RuntimeException if it cannot be computed; the evaluate step fails naming the class
   */
  double compute(Dataset<Row> scored, MetricContext context);

  /** {@code BusinessValueScore} to {@code business_value_score}. */
  static String snakeCase(String camel) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      boolean boundary = Character.isUpperCase(c) && i > 0
          && (Character.isLowerCase(camel.charAt(i - 1))
              || (i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1))));
      if (boundary) {
        out.append('_');
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
