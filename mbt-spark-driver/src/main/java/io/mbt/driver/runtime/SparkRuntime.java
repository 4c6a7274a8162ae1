package io.mbt.driver.runtime;

import io.mbt.compiler.profile.TargetConfig;
import io.mbt.steps.runner.Executor;
import io.mbt.steps.runner.Executors;
import io.mbt.steps.spark.SparkSessions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Owns the SparkSession the runner is handed. Under spark-submit (or in a notebook) the existing
 * cluster session is used, with Delta switched on; otherwise MBT starts an embedded local session
 * with the target's {@code spark:} settings (the embedded default for newcomers). The executor's
 * {@code spark_conf} applies in both cases, its {@code master} only to the embedded session.
 */
public final class SparkRuntime {
  private SparkRuntime() {}

  /** Whether a cluster launcher (spark-submit, a notebook) supplied the session or its master. */
  public static boolean underSparkSubmit() {
    return System.getProperty("spark.master") != null || SparkSession.getActiveSession().isDefined()
        || SparkSession.getDefaultSession().isDefined();
  }

  public static SparkSession session(TargetConfig target, Path projectDir) {
    if (SparkSession.getActiveSession().isDefined()) {
      return SparkSession.getActiveSession().get();
    }
    if (SparkSession.getDefaultSession().isDefined()) {
      return SparkSession.getDefaultSession().get();
    }
    Executor executor = Executors.get(target.executor());
    Map<String, String> conf = sessionConf(target, executor);
    if (System.getProperty("spark.master") != null) {
      // spark-submit: keep its master and app settings, add what MBT needs (Delta) unless set.
      SparkSession.Builder builder = SparkSession.builder().appName("mbt");
      builder.config("spark.sql.extensions", System.getProperty("spark.sql.extensions", SparkSessions.DELTA_EXTENSION));
      builder.config("spark.sql.catalog.spark_catalog", System.getProperty("spark.sql.catalog.spark_catalog", SparkSessions.DELTA_CATALOG));
      conf.forEach(builder::config);
      return builder.getOrCreate();
    }
    embeddedMaster(target, executor).ifPresent(m -> conf.put("spark.master", m));
    return SparkSessions.embedded(projectDir, conf);
  }

  /** The settings MBT gives the session: the executor's {@code spark_conf}, then the target's {@code spark.conf} (the more specific). */
  static Map<String, String> sessionConf(TargetConfig target, Executor executor) {
    Map<String, String> conf = new LinkedHashMap<>(executor.sparkConf());
    conf.putAll(target.spark().conf());
    return conf;
  }

  /** The master of an embedded session: the target's {@code spark.master}, else the executor's {@code master}, else the default. */
  static java.util.Optional<String> embeddedMaster(TargetConfig target, Executor executor) {
    return target.spark().master().or(executor::master);
  }
}
