package io.mbt.steps.serving;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.registry.ModelRegistries;
import io.mbt.steps.registry.ModelRegistry;
import io.mbt.steps.registry.RegisteredRun;
import io.mbt.steps.registry.RunSnapshot;
import io.mbt.steps.secrets.SecretResolver;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * The compile-time half of {@code artifact_snapshot: true} (blueprint §2.7): after {@code mbt
 * compile} writes a serving manifest, the run it names is resolved through the registry and
 * frozen in {@code target/<pipeline>/snapshot} (see {@link RunSnapshot}), so the run needs no
 * registry. {@code run_id: latest} and aliases resolve to the run they name at compile time.
 */
public final class ServingSnapshots {
  private ServingSnapshots() {}

  /**
   * Takes the snapshot a compiled manifest asks for; empty if it asks for none.
   *
   * @throws IllegalArgumentException if the run cannot be resolved (the message says why and how to fix it)
   * @throws io.mbt.steps.registry.RegistryException if the registry or the snapshot cannot be read or written
   */
  public static Optional<RegisteredRun> take(Manifest manifest, Path projectDir, Configuration hadoop) {
    ManifestStep loadModel = manifest.steps().get("load_model");
    if (loadModel == null || !Boolean.TRUE.equals(loadModel.config().get("artifact_snapshot"))) {
      return Optional.empty();
    }
    Map<String, Object> config = loadModel.config();
    if (!manifest.metadata().secretsReferenced().isEmpty()) {
      AdapterRef secrets = manifest.profile().secrets();
      config = SecretResolver.forProvider(secrets.type(), secrets.config()).resolveMap(config);
    }
    LoadModelStep.Config cfg = ManifestJson.mapper().convertValue(config, LoadModelStep.Config.class);
    String pipeline = manifest.metadata().pipelineName();
    try (ModelRegistry registry = ModelRegistries.get(cfg.registry(), projectDir, hadoop)) {
      String runId = LoadModelStep.primaryRunId(cfg, registry, Optional.ofNullable(manifest.metadata().experimentName()), pipeline);
      return Optional.of(RunSnapshot.take(registry, runId, LoadModelStep.snapshotDir(projectDir, pipeline), hadoop));
    }
  }

  /** A Hadoop configuration from the target's {@code spark.hadoop.*} settings, without starting Spark. */
  public static Configuration hadoopConfiguration(Manifest manifest) {
    Configuration hadoop = new Configuration();
    manifest.profile().spark().conf().forEach((key, value) -> {
      if (key.startsWith("spark.hadoop.")) {
        hadoop.set(key.substring("spark.hadoop.".length()), value);
      }
    });
    return hadoop;
  }
}
