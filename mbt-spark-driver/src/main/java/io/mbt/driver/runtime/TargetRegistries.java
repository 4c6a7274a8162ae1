package io.mbt.driver.runtime;

import io.mbt.compiler.profile.AdapterRef;
import io.mbt.compiler.profile.TargetConfig;
import io.mbt.steps.registry.ModelRegistries;
import io.mbt.steps.registry.ModelRegistry;
import io.mbt.steps.secrets.SecretResolver;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** A target's model registry and Hadoop settings, without starting Spark. */
public final class TargetRegistries {
  private TargetRegistries() {}

  /** The registry adapter {@code ref} names, with the target's secrets and Hadoop settings. */
  public static ModelRegistry open(AdapterRef ref, TargetConfig target, Path projectDir) {
    SecretResolver secrets = SecretResolver.forProvider(target.secrets().type(), target.secrets().config());
    return ModelRegistries.get(AdapterRef.of(ref.type(), secrets.resolveMap(ref.config())), projectDir, hadoop(target.spark().conf()));
  }

  /** A Hadoop configuration from {@code spark.hadoop.*} Spark settings. */
  public static Configuration hadoop(Map<String, String> sparkConf) {
    Configuration hadoop = new Configuration();
    sparkConf.forEach((key, value) -> {
      if (key.startsWith("spark.hadoop.")) {
        hadoop.set(key.substring("spark.hadoop.".length()), value);
      }
    });
    return hadoop;
  }
}
