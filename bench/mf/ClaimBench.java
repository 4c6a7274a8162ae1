import io.mbt.mf.ledger.Claim;
import io.mbt.mf.ledger.DeltaLedger;
import io.mbt.mf.ledger.LedgerOptions;
import io.mbt.mf.ledger.Receipt;
import io.mbt.mf.ledger.ReceiptKind;
import io.mbt.steps.spark.SparkSessions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;

/**
 * Model Factory claim benchmark: N claimant JVMs (separate processes, as Airflow workers are) on
 * one {@code file://} ledger with the cross-process LogStore. Each claimant warms up, waits at a
 * start barrier, then claims its own keys one after another ("distinct": throughput of unrelated
 * runs) and then the same keys as every other claimant ("race": exactly one winner per key).
 * Reports claim latency p50/p95 and claims per second for each claimant count.
 *
 * <p>Parent: {@code ClaimBench --claimants 1,4,8 --claims 20 --dir DIR --out FILE}. A claimant is
 * this class with {@code --child}; it prints "ready", waits for "go", prints one result line.
 */
public final class ClaimBench {
  private static final int WARMUP = 5;

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Bench.parse(args);
    if (options.containsKey("child")) {
      child(options);
    } else {
      parent(options);
    }
  }

  // ---- parent ----

  private static void parent(Map<String, String> options) throws Exception {
    int claims = Integer.parseInt(options.getOrDefault("claims", "20"));
    Path dir = Path.of(options.get("dir"));
    String loadBefore = Bench.loadAverage();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String count : options.getOrDefault("claimants", "1,4,8").split(",")) {
      int claimants = Integer.parseInt(count.trim());
      Path ledgerRoot = dir.resolve("ledger-" + claimants);
      List<ChildResult> results = runClaimants(claimants, claims, ledgerRoot, dir.resolve("logs-" + claimants));
      rows.add(summarise(claimants, claims, results));
    }
    String loadAfter = Bench.loadAverage();
    print(rows, claims, loadBefore, loadAfter);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "mf-claims");
    report.put("ledger", "file:// with io.mbt.steps.delta.ExclusiveLocalLogStore");
    report.put("claims_per_claimant", claims);
    report.put("target_p50_ms", 300);
    report.put("results", rows);
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("memory_total_mb", Bench.memTotalMb());
    machine.put("java", System.getProperty("java.version"));
    machine.put("load_average_start", loadBefore);
    machine.put("load_average_end", loadAfter);
    report.put("machine", machine);
    Path out = Path.of(options.get("out"));
    Files.createDirectories(out.getParent());
    Files.writeString(out, Json.pretty(report) + "\n");
    System.out.println("wrote " + out);
  }

  private record ChildResult(List<Double> distinctMs, double distinctSeconds, List<Double> raceMs, double raceSeconds, int raceWins,
      int distinctJobs, int raceJobs) {}

  private static List<ChildResult> runClaimants(int claimants, int claims, Path ledgerRoot, Path logs) throws Exception {
    Files.createDirectories(logs);
    List<Process> processes = new ArrayList<>();
    List<BufferedReader> outs = new ArrayList<>();
    List<PrintWriter> ins = new ArrayList<>();
    try {
      for (int i = 0; i < claimants; i++) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("claimbench.jvmflags", "").split(" ")).stream().filter(f -> !f.isBlank()).toList());
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), ClaimBench.class.getName(),
            "--child", String.valueOf(i), "--dir", ledgerRoot.toString(), "--claims", String.valueOf(claims)));
        Process process = new ProcessBuilder(command).redirectError(logs.resolve("claimant-" + i + ".err").toFile()).start();
        processes.add(process);
        outs.add(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        ins.add(new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8));
      }
      for (int i = 0; i < claimants; i++) {
        expectLine(outs.get(i), "ready", logs, i);
      }
      ins.forEach(in -> in.println("go")); // the start barrier: every claimant is warm and waiting
      List<ChildResult> results = new ArrayList<>();
      for (int i = 0; i < claimants; i++) {
        results.add(parseResult(expectLine(outs.get(i), null, logs, i)));
      }
      return results;
    } finally {
      for (Process p : processes) {
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String expectLine(BufferedReader out, String expected, Path logs, int child) throws IOException {
    String line = out.readLine();
    if (line == null || (expected != null && !line.equals(expected))) {
      List<String> err = Files.readAllLines(logs.resolve("claimant-" + child + ".err"));
      throw new IllegalStateException("claimant " + child + " said " + line + " instead of " + (expected == null ? "its result" : expected)
          + "; its stderr ends:\n" + String.join("\n", err.subList(Math.max(0, err.size() - 30), err.size())));
    }
    return line;
  }

  private static Map<String, Object> summarise(int claimants, int claims, List<ChildResult> results) {
    List<Double> distinct = new ArrayList<>();
    List<Double> race = new ArrayList<>();
    double distinctWall = 0;
    double raceWall = 0;
    int wins = 0;
    int distinctJobs = 0;
    int raceJobs = 0;
    for (ChildResult r : results) {
      distinctJobs += r.distinctJobs();
      raceJobs += r.raceJobs();
      distinct.addAll(r.distinctMs());
      race.addAll(r.raceMs());
      distinctWall = Math.max(distinctWall, r.distinctSeconds());
      raceWall = Math.max(raceWall, r.raceSeconds());
      wins += r.raceWins();
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("claimants", claimants);
    row.put("distinct_p50_ms", Bench.round(percentile(distinct, 0.50)));
    row.put("distinct_p95_ms", Bench.round(percentile(distinct, 0.95)));
    row.put("distinct_claims_per_s", Bench.round(distinct.size() / distinctWall));
    row.put("distinct_spark_jobs_per_claim", Bench.round((double) distinctJobs / distinct.size()));
    row.put("race_p50_ms", Bench.round(percentile(race, 0.50)));
    row.put("race_p95_ms", Bench.round(percentile(race, 0.95)));
    row.put("race_claims_per_s", Bench.round(race.size() / raceWall));
    row.put("race_spark_jobs_per_claim", Bench.round((double) raceJobs / race.size()));
    row.put("race_keys", claims);
    row.put("race_winners", wins);
    if (wins != claims) {
      throw new IllegalStateException(claimants + " claimants racing on " + claims + " keys produced " + wins
          + " winners: expected exactly one per key");
    }
    return row;
  }

  private static void print(List<Map<String, Object>> rows, int claims, String loadBefore, String loadAfter) {
    System.out.printf(Locale.ROOT, "%nMF claims on a file:// ledger, %d claims per claimant (load average %s -> %s)%n", claims, loadBefore,
        loadAfter);
    System.out.printf(Locale.ROOT, "%-10s | %-44s | %-44s | %s%n", "claimants", "distinct keys: p50 / p95 ms, claims/s, jobs/claim",
        "same keys: p50 / p95 ms, claims/s, jobs/claim", "winners");
    for (Map<String, Object> row : rows) {
      System.out.printf(Locale.ROOT, "%-10s | %7.0f / %7.0f, %7.2f, %5.2f              | %7.0f / %7.0f, %7.2f, %5.2f              | %s of %s%n",
          row.get("claimants"), row.get("distinct_p50_ms"), row.get("distinct_p95_ms"), row.get("distinct_claims_per_s"),
          row.get("distinct_spark_jobs_per_claim"), row.get("race_p50_ms"), row.get("race_p95_ms"), row.get("race_claims_per_s"),
          row.get("race_spark_jobs_per_claim"), row.get("race_winners"), row.get("race_keys"));
    }
    System.out.println("target: claim p50 < 300 ms");
  }

  private static double percentile(List<Double> values, double q) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
  }

  // ---- claimant ----

  private static void child(Map<String, String> options) throws Exception {
    main = Thread.currentThread();
    int index = Integer.parseInt(options.get("child"));
    int claims = Integer.parseInt(options.get("claims"));
    Path root = Path.of(options.get("dir"));
    Files.createDirectories(root);
    // The embedded session MBT runs with (cross-process LogStore for file://), on one core per claimant.
    SparkSession spark = SparkSessions.embedded(Files.createTempDirectory("claimbench-"),
        Map.of("spark.master", "local[1]", "spark.sql.shuffle.partitions", "1", "spark.databricks.delta.snapshotPartitions", "1"));
    spark.sparkContext().setLogLevel("ERROR");
    // Spark jobs a claim starts (state reconstruction, checkpoints): the cost a claim should not have.
    java.util.concurrent.atomic.AtomicInteger jobs = new java.util.concurrent.atomic.AtomicInteger();
    spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart job) {
        jobs.incrementAndGet();
        if (STACKS != null) {
          logStack(job.jobId());
        }
      }
    });
    DeltaLedger ledger = DeltaLedger.open(spark, root.toUri().toString(), LedgerOptions.defaults(), Clock.systemUTC());
    for (int i = 0; i < WARMUP; i++) {
      claim(ledger, "warmup-" + index + "-" + i, index);
    }
    System.out.println("ready");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!"go".equals(in.readLine())) {
      throw new IllegalStateException("the parent did not say go");
    }
    int jobsBefore = jobs.get();
    List<Double> distinct = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < claims; i++) {
      long t = System.nanoTime();
      claim(ledger, "distinct-" + index + "-" + i, index);
      distinct.add((System.nanoTime() - t) / 1e6);
    }
    double distinctSeconds = Bench.seconds(start);
    int distinctJobs = jobs.get() - jobsBefore;
    List<Double> race = new ArrayList<>();
    int wins = 0;
    start = System.nanoTime();
    for (int i = 0; i < claims; i++) {
      long t = System.nanoTime();
      wins += claim(ledger, "race-" + i, index) ? 1 : 0;
      race.add((System.nanoTime() - t) / 1e6);
    }
    double raceSeconds = Bench.seconds(start);
    int raceJobs = jobs.get() - jobsBefore - distinctJobs;
    System.out.println(Json.write(Map.of("distinct_ms", distinct, "distinct_s", distinctSeconds, "race_ms", race, "race_s", raceSeconds,
        "race_wins", wins, "distinct_jobs", distinctJobs, "race_jobs", raceJobs)));
    System.out.flush();
    spark.stop();
  }

  // MBT_BENCH_JOB_STACKS=FILE: where each Spark job a claimant starts came from (Delta and MBT frames).
  private static final String STACKS = System.getenv("MBT_BENCH_JOB_STACKS");
  private static Thread main;

  private static synchronized void logStack(int jobId) {
    StringBuilder out = new StringBuilder("job " + jobId + "\n");
    for (StackTraceElement frame : main.getStackTrace()) {
      if (frame.getClassName().contains("delta") || frame.getClassName().contains("mbt")) {
        out.append("  ").append(frame).append('\n');
      }
    }
    try {
      Files.writeString(Path.of(STACKS), out.toString(), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean claim(DeltaLedger ledger, String key, int holder) {
    Claim claim = ledger.claim(Receipt.Draft.of(key, ReceiptKind.RUN_CLAIMED, Map.of("bench", true)), "claimant-" + holder,
        Duration.ofMinutes(5));
    return claim.lease().isPresent();
  }

  @SuppressWarnings("unchecked")
  private static ChildResult parseResult(String line) {
    Map<String, Object> m = Json.read(line);
    return new ChildResult(toDoubles((List<Object>) m.get("distinct_ms")), ((Number) m.get("distinct_s")).doubleValue(),
        toDoubles((List<Object>) m.get("race_ms")), ((Number) m.get("race_s")).doubleValue(), ((Number) m.get("race_wins")).intValue(),
        ((Number) m.get("distinct_jobs")).intValue(), ((Number) m.get("race_jobs")).intValue());
  }

  private static List<Double> toDoubles(List<Object> values) {
    return values.stream().map(v -> ((Number) v).doubleValue()).toList();
  }

  /** JSON through Jackson (on the classpath with Spark). */
  private static final class Json {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    static String write(Object value) {
      try {
        return MAPPER.writeValueAsString(value);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    static String pretty(Object value) {
      try {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String line) {
      try {
        return MAPPER.readValue(line, Map.class);
      } catch (IOException e) {
        throw new IllegalStateException("not a claimant result: " + line, e);
      }
    }
  }
}
