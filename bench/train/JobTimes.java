import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Spark jobs per job group: how many ran and their summed wall time. MBT's runner puts each step's
 * jobs in the group {@code <pipeline>/<step>}; the baseline sets {@code hand/<phase>}. A step's time
 * minus its job time is driver-side work: planning, model and JSON writes, Delta commits' file
 * listing, waiting between jobs.
 */
final class JobTimes extends SparkListener {
  /** Jobs and their summed seconds in one group. */
  record Group(int jobs, double seconds) {}

  private final Map<Integer, String> groupOfJob = new HashMap<>();
  private final Map<Integer, Long> startOfJob = new HashMap<>();
  private final Map<String, int[]> counts = new LinkedHashMap<>();
  private final Map<String, long[]> millis = new LinkedHashMap<>();
  private final Map<Integer, String> siteOfJob = new HashMap<>();
  /**
   * With MBT_BENCH_JOB_TRACE=FILE set: one line per job (group, ms, call site, stages and tasks,
   * whether it reads a cached Dataset), for finding where a step's jobs come from.
   */
  private final java.io.PrintStream trace = traceFile();

  private static java.io.PrintStream traceFile() {
    String file = System.getenv("MBT_BENCH_JOB_TRACE");
    try {
      return file == null || file.isBlank() ? null : new java.io.PrintStream(new java.io.FileOutputStream(file), true, "UTF-8");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static JobTimes install(SparkContext context) {
    JobTimes listener = new JobTimes();
    context.addSparkListener(listener);
    return listener;
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart start) {
    String group = start.properties() == null ? null : start.properties().getProperty("spark.jobGroup.id");
    groupOfJob.put(start.jobId(), group == null ? "(none)" : group);
    startOfJob.put(start.jobId(), start.time());
    if (trace != null && !start.stageInfos().isEmpty()) {
      org.apache.spark.scheduler.StageInfo last = start.stageInfos().last();
      // The stage name is Spark's short call site; the first frame of MBT or the baseline says who asked.
      String ours = java.util.Arrays.stream(last.details().split("\n")).filter(l -> l.contains("io.mbt") || l.contains("HandWritten"))
          .findFirst().orElse("").trim();
      boolean fromCache = scala.collection.JavaConverters.seqAsJavaList(start.stageInfos()).stream()
          .flatMap(stage -> scala.collection.JavaConverters.seqAsJavaList(stage.rddInfos()).stream())
          .anyMatch(rdd -> rdd.storageLevel().isValid()); // a persisted RDD (a cached Dataset) in the job's lineage
      int tasks = scala.collection.JavaConverters.seqAsJavaList(start.stageInfos()).stream().mapToInt(stage -> stage.numTasks()).sum();
      siteOfJob.put(start.jobId(), last.name() + (fromCache ? " [cached]" : "") + " stages=" + start.stageInfos().size() + " tasks=" + tasks
          + " | " + ours);
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd end) {
    String group = groupOfJob.remove(end.jobId());
    Long started = startOfJob.remove(end.jobId());
    if (group == null || started == null) {
      return;
    }
    if (trace != null) {
      trace.printf("%s\t%d\t%s%n", group, end.time() - started, siteOfJob.remove(end.jobId()));
    }
    counts.computeIfAbsent(group, g -> new int[1])[0]++;
    millis.computeIfAbsent(group, g -> new long[1])[0] += end.time() - started;
  }

  /**
   * The groups whose name starts with {@code prefix} (prefix removed), and forgets them, once the
   * listener bus has delivered every event so far.
   */
  Map<String, Group> take(SparkContext context, String prefix) {
    try {
      // private[spark] in Scala, public in bytecode: the only way to know every event arrived.
      context.listenerBus().waitUntilEmpty(TimeUnit.SECONDS.toMillis(10));
    } catch (Exception e) {
      throw new IllegalStateException("Spark's listener bus did not drain in 10 s: " + e, e);
    }
    return drain(prefix);
  }

  private synchronized Map<String, Group> drain(String prefix) {
    Map<String, Group> out = new LinkedHashMap<>();
    for (String group : new java.util.ArrayList<>(counts.keySet())) {
      if (group.startsWith(prefix)) {
        out.put(group.substring(prefix.length()), new Group(counts.remove(group)[0], millis.remove(group)[0] / 1000.0));
      }
    }
    return out;
  }
}
