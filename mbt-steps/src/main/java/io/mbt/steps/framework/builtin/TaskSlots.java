package io.mbt.steps.framework.builtin;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;

/** How many tasks a Spark application can run at once. */
final class TaskSlots {
  private static final Pattern LOCAL = Pattern.compile("local\\[(\\*|\\d+)(?:,\\s*\\d+)?]");
  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*\\d+\\s*]");

  private TaskSlots() {}

  /**
   * Cores divided by {@code spark.task.cpus}: in local mode the master's core count; on a cluster
   * {@code defaultParallelism}, which is the executors' total cores unless {@code
   * spark.default.parallelism} says otherwise.
   */
  static int available(SparkContext context) {
    return Math.max(1, cores(context.master(), context.defaultParallelism()) / taskCpus(context));
  }

  static int taskCpus(SparkContext context) {
    return context.getConf().getInt("spark.task.cpus", 1);
  }

  static int cores(String master, int defaultParallelism) {
    if (master.equals("local")) {
      return 1;
    }
    Matcher local = LOCAL.matcher(master);
    if (local.matches()) {
      return local.group(1).equals("*")
          ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(local.group(1));
    }
    Matcher cluster = LOCAL_CLUSTER.matcher(master);
    if (cluster.matches()) {
      return Integer.parseInt(cluster.group(1)) * Integer.parseInt(cluster.group(2));
    }
    return defaultParallelism;
  }
}
