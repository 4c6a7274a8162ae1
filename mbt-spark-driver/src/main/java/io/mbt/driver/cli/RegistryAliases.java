package io.mbt.driver.cli;

import io.mbt.compiler.ModelSourceResolver;
import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.compiler.profile.TargetConfig;
import io.mbt.steps.registry.ModelRegistries;
import io.mbt.steps.registry.ModelRegistry;
import io.mbt.steps.registry.RegistryException;
import io.mbt.steps.secrets.SecretResolver;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;

/**
 * Resolves serving aliases at compile time through the target's registry adapter, without Spark:
 * secrets are resolved by the target's provider and Hadoop is configured from the target's {@code
 * spark.hadoop.*} settings, as a Spark driver would see them.
 */
final class RegistryAliases implements ModelSourceResolver {
  private final Path projectDir;
  private final Supplier<TargetConfig> target;

  /** {@code target} is read only when a pipeline has an alias to resolve. */
  RegistryAliases(Path projectDir, Supplier<TargetConfig> target) {
    this.projectDir = projectDir;
    this.target = target;
  }

  @Override
  public String resolveAlias(AdapterRef registry, String modelName, String alias) {
    try (ModelRegistry adapter = open(registry, target.get(), projectDir)) {
      return adapter.aliasRunId(modelName, alias).orElseThrow(() -> new Unresolved("alias '" + alias + "' of registered model '" + modelName
          + "' is not set in the '" + registry.type() + "' registry",
          "promote a run first: mbt registry promote --model " + modelName + " --alias " + alias + " --run-id <id> --reason \"...\""
              + " (mbt registry versions --model " + modelName + " lists its runs)", null));
    } catch (RegistryException | IllegalArgumentException | UnsupportedOperationException e) {
      throw new Unresolved("cannot resolve alias '" + alias + "' of registered model '" + modelName + "': " + e.getMessage(),
          "check the target's model_registry (mbt debug checks it can be reached), or pin model_source.run_id", e);
    } catch (CompileException e) {
      throw new Unresolved("cannot resolve alias '" + alias + "' of registered model '" + modelName + "': the target does not load: "
          + e.getMessage(), "fix profiles.yaml", e);
    }
  }

  /** The registry adapter {@code ref} names, with the target's secrets and Hadoop settings. */
  static ModelRegistry open(AdapterRef ref, TargetConfig target, Path projectDir) {
    return io.mbt.driver.runtime.TargetRegistries.open(ref, target, projectDir);
  }
}
