package io.mbt.driver.cli;

import io.mbt.compiler.ModelSourceResolver;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.registry.ModelRegistries;
import io.mbt.steps.registry.ModelRegistry;
import io.mbt.steps.registry.RegistryException;
import io.mbt.steps.secrets.SecretResolver;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * Resolves serving aliases at compile time through the target's registry adapter, without Spark.
 * Secret references in the registry config are read from the environment (the {@code env}
 * provider), as at run time on a driver.
 */
final class RegistryAliases implements ModelSourceResolver {
  private final Path projectDir;

  RegistryAliases(Path projectDir) {
    this.projectDir = projectDir;
  }

  @Override
  public String resolveAlias(AdapterRef registry, String modelName, String alias) {
    AdapterRef resolved = AdapterRef.of(registry.type(), SecretResolver.forProvider("env", java.util.Map.of()).resolveMap(registry.config()));
    try (ModelRegistry adapter = ModelRegistries.get(resolved, projectDir, new Configuration())) {
      return adapter.aliasRunId(modelName, alias).orElseThrow(() -> new Unresolved("alias '" + alias + "' of registered model '" + modelName
          + "' is not set in the '" + registry.type() + "' registry",
          "promote a run first: mbt registry promote --model " + modelName + " --alias " + alias + " --run-id <id> --reason \"...\"", null));
    } catch (RegistryException | IllegalArgumentException | UnsupportedOperationException e) {
      throw new Unresolved("cannot resolve alias '" + alias + "' of model '" + modelName + "': " + e.getMessage(),
          "check the target's model_registry (mbt debug), or pin model_source.run_id", e);
    }
  }
}
