package io.mbt.driver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.model.Resources;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.compiler.profile.TargetConfig;
import io.mbt.steps.runner.Executors;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SparkRuntimeTest {
  private static TargetConfig target(AdapterRef executor, TargetConfig.SparkSettings spark) {
    return new TargetConfig("p", "dev", executor, AdapterRef.of("local", Map.of("base_path", "./a")),
        AdapterRef.of("local_file", Map.of("data_path", "./d")), AdapterRef.of("local", Map.of()), AdapterRef.of("env", Map.of()),
        Optional.empty(), Resources.none(), spark, Map.of());
  }

  @Test
  void theLocalExecutorsMasterAndSparkConfShapeTheSessionAndTheTargetsSparkSectionWinsOnAClash() {
    AdapterRef executor = AdapterRef.of("local", Map.of("master", "local[3]",
        "spark_conf", Map.of("spark.sql.shuffle.partitions", 7, "spark.ui.enabled", false)));

    TargetConfig onlyExecutor = target(executor, TargetConfig.SparkSettings.defaults());
    assertThat(SparkRuntime.sessionConf(onlyExecutor, Executors.get(onlyExecutor.executor()))).containsEntry("spark.sql.shuffle.partitions", "7").containsEntry("spark.ui.enabled", "false");
    assertThat(SparkRuntime.embeddedMaster(onlyExecutor, Executors.get(onlyExecutor.executor()))).contains("local[3]");

    TargetConfig both = target(executor, new TargetConfig.SparkSettings(Optional.of("local[1]"), Map.of("spark.sql.shuffle.partitions", "2")));
    assertThat(SparkRuntime.sessionConf(both, Executors.get(both.executor()))).containsEntry("spark.sql.shuffle.partitions", "2").containsEntry("spark.ui.enabled", "false");
    assertThat(SparkRuntime.embeddedMaster(both, Executors.get(both.executor()))).contains("local[1]");

    assertThat(SparkRuntime.embeddedMaster(target(AdapterRef.of("local", Map.of()), TargetConfig.SparkSettings.defaults()), new io.mbt.steps.runner.LocalExecutor())).isEmpty();
  }
}
