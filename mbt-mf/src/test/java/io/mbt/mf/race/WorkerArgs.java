package io.mbt.mf.race;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@link MfWorkerMain} child is set up, passed as {@code key=value} arguments ({@code spark.*}
 * keys go to its SparkSession).
 *
 * @param root the shared inputs ({@link RaceInputs#write})
 * @param mfRoot the Model Factory root whose ledger is raced on ({@code file:} or {@code s3a:})
 * @param work the child's own directory (Spark warehouse, warm-up ledger)
 * @param registry the {@link FileRegistry} directory
 * @param hold where the child stops to be signalled or killed
 */
record WorkerArgs(Path root, String mfRoot, Path work, Path registry, String holder, Duration ttl, Duration heartbeat, Hold hold,
    Map<String, String> sparkConf) {

  /** Where a child holds its run. */
  enum Hold {
    NONE,
    /** Inside TRAIN attempt 1, until its lease is lost ({@link HoldingEngine}). */
    TRAIN,
    /** Inside the registry call, before the version is created. */
    PUBLISH_BEFORE,
    /** Inside the registry call, after the version is created and before the answer returns. */
    PUBLISH_AFTER
  }

  /**
   * The child's session: one core, no UI, one shuffle partition, a one-partition Delta snapshot, and
   * the LogStores that exclude writers of other processes (conf/spark-delta-logstores.conf).
   */
  static Map<String, String> sparkDefaults(String app) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.master", "local[1]");
    conf.put("spark.app.name", app);
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.sql.shuffle.partitions", "1");
    conf.put("spark.databricks.delta.snapshotPartitions", "1");
    conf.put("spark.delta.logStore.file.impl", "io.mbt.steps.delta.ExclusiveLocalLogStore");
    conf.put("spark.delta.logStore.s3a.impl", "io.mbt.steps.delta.ExclusiveS3LogStore");
    return conf;
  }

  WorkerArgs named(String holder) {
    return new WorkerArgs(root, mfRoot, work.resolveSibling(holder), registry, holder, ttl, heartbeat, hold, sparkConf);
  }

  List<String> toArgs() {
    List<String> args = new ArrayList<>(List.of("root=" + root, "mf_root=" + mfRoot, "work=" + work, "registry=" + registry,
        "holder=" + holder, "ttl_ms=" + ttl.toMillis(), "heartbeat_ms=" + heartbeat.toMillis(), "hold=" + hold));
    sparkConf.forEach((k, v) -> args.add(k + "=" + v));
    return args;
  }

  static WorkerArgs parse(String[] args) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> spark = new LinkedHashMap<>();
    for (String arg : args) {
      String[] pair = arg.split("=", 2);
      (pair[0].startsWith("spark.") ? spark : values).put(pair[0], pair[1]);
    }
    return new WorkerArgs(Path.of(values.get("root")), values.get("mf_root"), Path.of(values.get("work")), Path.of(values.get("registry")),
        values.get("holder"), Duration.ofMillis(Long.parseLong(values.get("ttl_ms"))),
        Duration.ofMillis(Long.parseLong(values.get("heartbeat_ms"))), Hold.valueOf(values.get("hold")), spark);
  }
}
