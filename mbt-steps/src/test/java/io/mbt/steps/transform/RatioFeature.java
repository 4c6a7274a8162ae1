package io.mbt.steps.transform;

import java.util.Map;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;

/**
 * An example {@link UserTransform}: the ratio of two columns as a new feature, e.g. {@code {kind:
 * class, name: charge_ratio, class_name: io.mbt.steps.transform.RatioFeature, config: {numerator:
 * charges, denominator: tenure, output: charge_per_month}}}. A zero denominator gives null.
 */
public final class RatioFeature implements UserTransform {
  @Override
  public PipelineStage stage(Map<String, Object> config, TransformContext context) {
    String numerator = required(config, "numerator");
    String denominator = required(config, "denominator");
    String output = required(config, "output");
    for (String column : new String[] {numerator, denominator}) {
      if (!java.util.List.of(context.inputSchema().fieldNames()).contains(column)) {
        throw new IllegalArgumentException("ratio: column '" + column + "' is not in the input");
      }
    }
    return new SQLTransformer().setStatement("SELECT *, CASE WHEN " + SqlText.identifier(denominator) + " = 0 THEN NULL ELSE "
        + SqlText.identifier(numerator) + " / " + SqlText.identifier(denominator) + " END AS " + SqlText.identifier(output) + " FROM __THIS__");
  }

  private static String required(Map<String, Object> config, String key) {
    Object value = config.get(key);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new IllegalArgumentException("ratio: config needs '" + key + "' (a column name)");
    }
    return text;
  }
}
