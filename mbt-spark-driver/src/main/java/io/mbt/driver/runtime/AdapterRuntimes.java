package io.mbt.driver.runtime;

import io.mbt.compiler.spi.AdapterDescriptor;
import io.mbt.compiler.spi.AdapterKind;
import io.mbt.steps.connector.DataConnector;
import io.mbt.steps.framework.FrameworkTrainer;
import io.mbt.steps.output.OutputWriter;
import io.mbt.steps.registry.ModelRegistry;
import io.mbt.steps.runner.Executor;
import io.mbt.steps.secrets.SecretsProvider;
import io.mbt.steps.storage.ArtifactStore;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a compile-time adapter descriptor can run: its run-time class is on the classpath and
 * implements the interface its kind is run through. A descriptor without one would let a pipeline
 * compile and then fail at run time, so {@code mbt deps list} shows only the runnable ones.
 */
public final class AdapterRuntimes {
  private static final Map<AdapterKind, Class<?>> INTERFACES = Map.of(
      AdapterKind.FRAMEWORK, FrameworkTrainer.class,
      AdapterKind.DATA_CONNECTOR, DataConnector.class,
      AdapterKind.OUTPUT_WRITER, OutputWriter.class,
      AdapterKind.STORAGE, ArtifactStore.class,
      AdapterKind.MODEL_REGISTRY, ModelRegistry.class,
      AdapterKind.SECRETS, SecretsProvider.class,
      AdapterKind.EXECUTOR, Executor.class);

  private AdapterRuntimes() {}

  /** The interface adapters of {@code kind} implement at run time, if MBT runs that kind. */
  public static Optional<Class<?>> interfaceOf(AdapterKind kind) {
    return Optional.ofNullable(INTERFACES.get(kind));
  }

  /** Empty if {@code d} can run; else why not, for a user. */
  public static Optional<String> problem(AdapterDescriptor d) {
    Optional<Class<?>> expected = interfaceOf(d.kind());
    if (expected.isEmpty()) {
      return Optional.of("MBT runs no " + d.kind().plural() + " yet");
    }
    Class<?> runtime;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      runtime = Class.forName(d.implementationClass(), false, loader == null ? AdapterRuntimes.class.getClassLoader() : loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.of("its run-time class " + d.implementationClass() + " is not on the classpath");
    }
    if (!expected.get().isAssignableFrom(runtime)) {
      return Optional.of("its run-time class " + d.implementationClass() + " does not implement " + expected.get().getName());
    }
    return Optional.empty();
  }
}
