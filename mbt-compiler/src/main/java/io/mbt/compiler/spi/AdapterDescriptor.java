package io.mbt.compiler.spi;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Spark-free face of an adapter: what the compiler needs to validate a pipeline and write
 * the manifest. Each adapter jar registers its descriptors in
 * {@code META-INF/services/io.mbt.compiler.spi.AdapterDescriptor}; its Spark implementation
 * (named by {@link #implementationClass()}) lives beside it and is loaded only at run time.
 *
 * <p>Optional hooks are default methods, so adapters written against an older MBT keep working
 * when new hooks are added.
 */
public interface AdapterDescriptor {
  AdapterKind kind();

  /** The name users write in YAML ({@code framework: xgboost}, {@code storage: {type: s3}}). */
  String name();

  /** The run-time implementation, recorded in the manifest as the step's plugin. */
  String implementationClass();

  /** One line for {@code mbt deps list}. */
  default String description() {
    return "";
  }

  /** Checks the adapter's config at compile time; an empty list means valid. */
  default List<ConfigIssue> validateConfig(Map<String, Object> config) {
    return List.of();
  }

  /** What the adapter needs at run time (e.g. "libgomp.so.1", "network access to the tracking server"), for {@code mbt deps check}. */
  default Set<String> runtimeRequirements() {
    return Set.of();
  }

  /** The version of the adapter, for {@code mbt deps list}. */
  default String version() {
    Package p = getClass().getPackage();
    return p != null && p.getImplementationVersion() != null ? p.getImplementationVersion() : "dev";
  }
}
