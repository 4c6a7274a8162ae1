package io.mbt.steps.registry;

import io.mbt.compiler.profile.AdapterRef;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/** Finds the installed {@link ModelRegistry} adapters with {@link ServiceLoader}. */
public final class ModelRegistries {
  private ModelRegistries() {}

  /**
   * A new instance of the adapter {@code ref.type()}, configured with {@code ref.config()}.
   *
   * @throws IllegalArgumentException naming the installed registries, if none has that type, or
   *     if the adapter refuses its config
   */
  public static ModelRegistry get(AdapterRef ref, Path projectDir, SparkSession spark) {
    return get(ref, projectDir, spark.sparkContext().hadoopConfiguration());
  }

  /** As {@link #get(AdapterRef, Path, SparkSession)}, without Spark (e.g. {@code mbt compile}). */
  public static ModelRegistry get(AdapterRef ref, Path projectDir, Configuration hadoop) {
    Map<String, ModelRegistry> installed = installed();
    ModelRegistry registry = installed.get(ref.type());
    if (registry == null) {
      throw RegistryErrors.unknownRegistry(ref.type(), installed.keySet());
    }
    registry.configure(new RegistryEnvironment(ref.config(), projectDir, hadoop));
    return registry;
  }

  /** The types of the installed registries, sorted. */
  public static SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(installed().keySet()));
  }

  private static Map<String, ModelRegistry> installed() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = ModelRegistries.class.getClassLoader();
    }
    Map<String, ModelRegistry> registries = new TreeMap<>();
    // ServiceLoader creates fresh instances on every load: each caller configures its own.
    for (ModelRegistry registry : ServiceLoader.load(ModelRegistry.class, loader)) {
      ModelRegistry previous = registries.putIfAbsent(registry.name(), registry);
      if (previous != null && previous.getClass() != registry.getClass()) {
        throw RegistryErrors.duplicateRegistry(registry.name(), previous.getClass(), registry.getClass());
      }
    }
    return registries;
  }
}
