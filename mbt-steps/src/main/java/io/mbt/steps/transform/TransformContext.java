package io.mbt.steps.transform;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * What a {@link UserTransform} is told when asked for its stage.
 *
 * @param name the transform's {@code name} in the pipeline YAML
 * @param inputSchema the schema of the train set as this transform receives it (after the
 *     transforms listed before it); it includes MBT's internal label column {@code __label},
 *     which scoring data lacks
 * @param spark the session the step runs in, e.g. to look up a reference table at build time
 */
public record TransformContext(String name, StructType inputSchema, SparkSession spark) {
  public TransformContext {
    requireNonNull(name, "name is null");
    requireNonNull(inputSchema, "inputSchema is null");
    requireNonNull(spark, "spark is null");
  }
}
