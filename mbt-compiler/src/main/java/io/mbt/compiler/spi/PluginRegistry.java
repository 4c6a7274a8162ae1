package io.mbt.compiler.spi;

import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.error.Suggestions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every adapter descriptor on the classpath, found with {@link ServiceLoader}. Installing an
 * adapter is putting its jar on the classpath; nothing else to configure.
 */
public final class PluginRegistry {
  private final Map<AdapterKind, Map<String, AdapterDescriptor>> byKind = new EnumMap<>(AdapterKind.class);
  private final List<String> loadErrors = new ArrayList<>();

  private PluginRegistry() {
    for (AdapterKind kind : AdapterKind.values()) {
      byKind.put(kind, new TreeMap<>());
    }
  }

  /** Loads from the thread's context class loader (so jars added at run time are seen). */
  public static PluginRegistry load() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return load(loader == null ? PluginRegistry.class.getClassLoader() : loader);
  }

  public static PluginRegistry load(ClassLoader loader) {
    PluginRegistry registry = new PluginRegistry();
    var iterator = ServiceLoader.load(AdapterDescriptor.class, loader).iterator();
    while (true) {
      try {
        if (!iterator.hasNext()) {
          break;
        }
        registry.register(iterator.next());
      } catch (ServiceConfigurationError e) {
        registry.loadErrors.add(e.getMessage());
      }
    }
    return registry;
  }

  /** For tests and embedders: a registry of exactly these descriptors. */
  public static PluginRegistry of(List<AdapterDescriptor> descriptors) {
    PluginRegistry registry = new PluginRegistry();
    descriptors.forEach(registry::register);
    return registry;
  }

  private void register(AdapterDescriptor descriptor) {
    AdapterDescriptor previous = byKind.get(descriptor.kind()).putIfAbsent(descriptor.name(), descriptor);
    if (previous != null && previous.getClass() != descriptor.getClass()) {
      loadErrors.add("two " + descriptor.kind().plural() + " are named '" + descriptor.name() + "': " + previous.getClass().getName()
          + " and " + descriptor.getClass().getName() + "; remove one of the jars");
    }
  }

  public Optional<AdapterDescriptor> find(AdapterKind kind, String name) {
    return Optional.ofNullable(byKind.get(kind).get(name));
  }

  /** The adapter, or a compile problem listing what is installed. */
  public AdapterDescriptor require(AdapterKind kind, String name, Location location, String yamlPath, List<CompileProblem> problems) {
    AdapterDescriptor found = byKind.get(kind).get(name);
    if (found == null) {
      List<String> installed = installed(kind);
      problems.add(CompileProblem.error(ErrorCode.UNKNOWN_ADAPTER, location, yamlPath,
          "no " + kind.singular() + " adapter named '" + name + "' is installed" + Suggestions.didYouMean(name, installed)
              + "; installed: " + (installed.isEmpty() ? "none" : String.join(", ", installed)),
          hintForMissing(kind, name)));
    }
    return found;
  }

  /** What to do instead; for kinds MBT ships no adapter of (or only one), the way that works today. */
  private String hintForMissing(AdapterKind kind, String name) {
    String jar = "put the jar that provides '" + name + "' on the classpath (lib/ or spark-submit --jars)";
    if (kind == AdapterKind.ORCHESTRATOR && installed(kind).isEmpty()) {
      return "MBT generates no orchestrator files yet: remove the orchestrator section and schedule 'mbt run' (or one 'mbt exec' per step) "
          + "from your orchestrator's spark-submit task (e.g. Airflow's SparkSubmitOperator); or " + jar;
    }
    if (kind == AdapterKind.EXECUTOR) {
      return "use executor: {type: local}: it runs every step in the driver that runs MBT, also under spark-submit on YARN, Kubernetes or "
          + "Databricks (set master and spark_conf there); or " + jar;
    }
    return "use one of the installed names, or " + jar;
  }

  public List<String> installed(AdapterKind kind) {
    return List.copyOf(byKind.get(kind).keySet());
  }

  /** Everything installed, by kind (kinds with no adapters left out); for {@code mbt deps list}. */
  public Map<AdapterKind, List<AdapterDescriptor>> all() {
    Map<AdapterKind, List<AdapterDescriptor>> out = new EnumMap<>(AdapterKind.class);
    byKind.forEach((kind, adapters) -> {
      if (!adapters.isEmpty()) {
        out.put(kind, List.copyOf(adapters.values()));
      }
    });
    return Collections.unmodifiableMap(out);
  }

  /** Problems met while loading (a broken services file, two adapters with one name). */
  public List<String> loadErrors() {
    return List.copyOf(loadErrors);
  }

}
