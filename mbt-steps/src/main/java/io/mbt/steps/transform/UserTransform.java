package io.mbt.steps.transform;

import java.util.Map;
import org.apache.spark.ml.PipelineStage;

/**
 * A feature transform written in Java or Scala, named in a pipeline's {@code custom_transforms}
 * as {@code {kind: class, name: ..., class_name: com.acme.RatioFeatures, config: {...}}} and found
 * on the driver's class path (the project's {@code lib/} jars, or {@code spark-submit --jars}).
 *
 * <p>The transform does not touch data itself: it returns a Spark ML stage, which MBT fits on the
 * train set only (if it is an {@link org.apache.spark.ml.Estimator}), applies to the train and
 * test sets, and saves inside the step's fitted {@link org.apache.spark.ml.PipelineModel}. Serving
 * loads that PipelineModel and replays the stage on scoring data, so the stage:
 *
 * <ul>
 *   <li>must be an {@link org.apache.spark.ml.Estimator} or a {@link
 *       org.apache.spark.ml.Transformer}, and the transformer (or the model an estimator fits) must
 *       implement {@link org.apache.spark.ml.util.MLWritable} with a matching {@code read()} —
 *       Spark's built-in stages do; for your own, implement {@code DefaultParamsWritable} and give
 *       the class a public {@code (String uid)} constructor and a static {@code read()} returning
 *       a {@code DefaultParamsReader}. The class must be on the class path wherever the model is
 *       loaded (serving too);
 *   <li>must add columns, not remove or filter rows: serving replays it on scoring data, one
 *       output row per input row;
 *   <li>must tolerate columns it does not use, and must not need the label (scoring data has
 *       none);
 *   <li>should name its output columns as features are to be named; a name starting with {@code
 *       __} (or ending with {@code __idx} / {@code __ohe}) is taken for an MBT internal column and
 *       is not used as a feature.
 * </ul>
 *
 * <p>Implementations need a public no-argument constructor; MBT creates one instance per use.
 * The simplest useful implementation returns a {@link org.apache.spark.ml.feature.SQLTransformer}
 * built from its config.
 */
public interface UserTransform {
  /**
   * The stage to fit and apply.
   *
   * @param config the transform's {@code config} map from the pipeline YAML (never null)
   * @param context the transform's name and the schema its input will have
   * @return an Estimator or Transformer whose fitted form is MLWritable
   * @throws IllegalArgumentException if the config is invalid; the message is shown to the user
   */
  PipelineStage stage(Map<String, Object> config, TransformContext context);
}
