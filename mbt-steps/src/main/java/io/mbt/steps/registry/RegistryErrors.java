package io.mbt.steps.registry;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/** The error messages of the registry package: subject, expected vs found, and the fix. */
final class RegistryErrors {
  private RegistryErrors() {}

  static IllegalArgumentException unknownRegistry(String type, Collection<String> installed) {
    return new IllegalArgumentException("unknown model registry '" + type + "'; installed registries: " + installed
        + ". Fix model_registry.type in profiles.yaml, or put the jar that provides it on the driver's class path"
        + " (it must list its ModelRegistry in META-INF/services/io.mbt.steps.registry.ModelRegistry)");
  }

  static IllegalStateException duplicateRegistry(String type, Class<?> first, Class<?> second) {
    return new IllegalStateException("two installed model registries are named '" + type + "': " + first.getName() + " and "
        + second.getName() + "; remove one of their jars from the class path");
  }

  static IllegalArgumentException invalidConfig(String key, Object value, String expectation) {
    return new IllegalArgumentException("model_registry.config." + key + " must be " + expectation + ", but was: " + value);
  }

  static IllegalArgumentException invalidRunId(String runId) {
    return new IllegalArgumentException("invalid registry run id '" + runId
        + "': use a single path segment of letters, digits, '-', '_' or '.' that does not start with '_' or '.'");
  }

  static RunNotFoundException runNotFound(String runId, String registryUri, List<String> recent) {
    return new RunNotFoundException("no run '" + runId + "' in the model registry at " + registryUri + "; "
        + (recent.isEmpty() ? "it holds no runs" : "newest runs: " + String.join(", ", recent))
        + ". Check the run id (mbt status shows the registry run of the last training run), or train the pipeline first");
  }

  static RegistryException runIdTaken(String runId, String registryUri, String loggedPipeline, String loggedMbtRun, String pipeline,
      String mbtRun) {
    return new RegistryException("registry run '" + runId + "' at " + registryUri + " already holds run " + loggedMbtRun + " of pipeline "
        + loggedPipeline + ", not run " + mbtRun + " of " + pipeline + "; run ids must be unique per registry: start a new run (mbt run)", null);
  }

  static RegistryException ioFailure(String operation, String uri, IOException cause) {
    return new RegistryException(operation + " " + uri + " failed: " + cause
        + ". Check that the registry path is reachable and writable with the configured credentials", cause);
  }

  static RegistryException corruptRun(String uri, Exception cause) {
    return new RegistryException("the registry run at " + uri + " has an unreadable run.json (" + cause.getMessage()
        + "); it was not written by this MBT version, or was edited by hand", cause);
  }
}
