package io.mbt.steps.registry;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * What {@link ModelRegistry#configure} receives.
 *
 * @param config the target's {@code model_registry.config}, secrets resolved; never log it
 * @param projectDir the project directory, against which relative paths resolve
 * @param hadoop the Hadoop configuration that reaches the registry's storage (a Spark session's, or
 *     one built from the profile when {@code mbt compile} runs without Spark); a registry that
 *     needs Spark itself (writing Spark ML models) uses the active session
 */
public record RegistryEnvironment(Map<String, Object> config, Path projectDir, Configuration hadoop) {
  public RegistryEnvironment {
    requireNonNull(config, "config is null");
    requireNonNull(projectDir, "projectDir is null");
    requireNonNull(hadoop, "hadoop is null");
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }
}
