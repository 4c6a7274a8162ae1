package io.mbt.steps.evaluation;

import io.mbt.steps.api.StepFailedException;
import java.util.ArrayList;
import java.util.List;

/** Loads {@link CustomMetric} classes named in {@code training.evaluation.custom_metrics}. */
public final class CustomMetrics {
  private CustomMetrics() {}

  /**
   * An instance of each class, in order.
   *
   * @throws StepFailedException if a class is missing, is not a {@link CustomMetric}, or cannot be
   *     created
   */
  public static List<CustomMetric> load(List<String> classNames) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = CustomMetrics.class.getClassLoader();
    }
    List<CustomMetric> metrics = new ArrayList<>();
    for (String name : classNames) {
      Class<?> type;
      try {
        type = Class.forName(name, true, loader);
      } catch (ClassNotFoundException e) {
        throw new StepFailedException("custom metric class " + name + " is not on the classpath",
            "put the jar that holds it on the driver's classpath (the project's lib/, or spark-submit --jars), or fix training.evaluation.custom_metrics");
      }
      if (!CustomMetric.class.isAssignableFrom(type)) {
        throw new StepFailedException("custom metric class " + name + " does not implement " + CustomMetric.class.getName(),
            "implement double compute(Dataset<Row> scored, MetricContext context)");
      }
      try {
        metrics.add((CustomMetric) type.getDeclaredConstructor().newInstance());
      } catch (ReflectiveOperationException e) {
        throw new StepFailedException("cannot create custom metric " + name + ": " + e,
            "a custom metric needs a public no-argument constructor", e);
      }
    }
    return metrics;
  }
}
