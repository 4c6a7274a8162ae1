package io.mbt.steps.registry;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * What {@link ModelRegistry#configure} receives.
 *
 * @param config the target's {@code model_registry.config}, secrets resolved; never log it
 * @param projectDir the project directory, against which relative paths resolve
 * @param spark the session whose Hadoop configuration reaches the artifact storage
 */
public record RegistryEnvironment(Map<String, Object> config, Path projectDir, SparkSession spark) {
  public RegistryEnvironment {
    requireNonNull(config, "config is null");
    requireNonNull(projectDir, "projectDir is null");
    requireNonNull(spark, "spark is null");
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }
}
