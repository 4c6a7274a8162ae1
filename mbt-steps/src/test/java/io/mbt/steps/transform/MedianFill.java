package io.mbt.steps.transform;

import java.util.Map;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Imputer;

/** A test {@link UserTransform} that returns an Estimator: {@code <column>_filled}, missing values as the fitted median. */
public final class MedianFill implements UserTransform {
  @Override
  public PipelineStage stage(Map<String, Object> config, TransformContext context) {
    String column = (String) config.get("column");
    return new Imputer().setStrategy("median").setInputCols(new String[] {column}).setOutputCols(new String[] {column + "_filled"});
  }
}
