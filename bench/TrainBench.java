import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.steps.spark.SparkSessions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Training pipeline benchmark (run by train-bench.sh): MBT against the same steps hand-written in
 * Spark, in one JVM on one SparkSession.
 *
 * <ol>
 *   <li>generates a seeded Telco-like data set per size ({@link TelcoData}) as Parquet in the
 *       project's data directory, and a project with one training pipeline per size ({@link
 *       MbtSide});
 *   <li>warm-up: one MBT run and one hand-written run on the smallest size (JIT, Spark's first
 *       jobs, XGBoost's native library), not counted;
 *   <li>per size, {@code repeats} pairs of runs, alternating which side goes first, and the median
 *       of each side: the wall-time ratio MBT / hand-written, rows per second, both AUCs, MBT's
 *       per-step split (from run_results) and the baseline's per-phase split.
 * </ol>
 *
 * Prints a table and writes JSON. Usage: {@code TrainBench --dir DIR --out FILE [--rows
 * 100000,1000000] [--repeats 2] [--split window|bernoulli] [--seed 42] [--test-size 0.2]}.
 */
public final class TrainBench {
  private static final List<String> STEP_ORDER = List.of("load_data", "validate_data", "split_data", "encode", "normalize", "train_model",
      "evaluate", "log_run");

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Bench.parse(args);
    Path dir = Path.of(opts.get("dir")).toAbsolutePath();
    Path out = Path.of(opts.getOrDefault("out", "bench/results/train.json"));
    List<Long> sizes = Arrays.stream(opts.getOrDefault("rows", "100000,1000000").split(",")).map(String::strip).map(Long::parseLong).sorted()
        .toList();
    int repeats = Integer.parseInt(opts.getOrDefault("repeats", "2"));
    long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
    double testSize = Double.parseDouble(opts.getOrDefault("test-size", "0.2"));
    String split = opts.getOrDefault("split", "window");
    String format = opts.getOrDefault("format", "delta");
    if (!format.equals("delta") && !format.equals("parquet")) {
      throw new IllegalArgumentException("--format must be delta or parquet, but was: " + format);
    }
    if (!split.equals("window") && !split.equals("bernoulli")) {
      throw new IllegalArgumentException("--split must be window or bernoulli, but was: " + split);
    }
    if (repeats < 1 || sizes.isEmpty() || sizes.get(0) < 5000) {
      throw new IllegalArgumentException("need --repeats >= 1 and sizes >= 5000 rows, but got repeats " + repeats + ", rows " + sizes);
    }
    Map<String, Object> xgboost = new LinkedHashMap<>();
    xgboost.put("n_estimators", 50);
    xgboost.put("max_depth", 6);
    xgboost.put("learning_rate", 0.1);
    xgboost.put("seed", seed);

    String loadBefore = Bench.loadAverage();
    long benchStart = System.nanoTime();
    Files.createDirectories(dir);
    long sparkStart = System.nanoTime();
    SparkSession spark = SparkSessions.embedded(dir, Map.of());
    double sparkSeconds = Bench.seconds(sparkStart);
    JobTimes jobs = JobTimes.install(spark.sparkContext());
    System.out.printf(Locale.ROOT, "spark %s, master %s, default parallelism %d (session started in %.1f s)%n", spark.version(),
        spark.sparkContext().master(), spark.sparkContext().defaultParallelism(), sparkSeconds);

    Map<Long, Double> generation = new LinkedHashMap<>();
    for (long rows : sizes) {
      long s = System.nanoTime();
      TelcoData.write(spark, MbtSide.dataPath(dir, rows, format).toUri().toString(), rows, seed, format);
      generation.put(rows, Bench.seconds(s));
      System.out.printf(Locale.ROOT, "generated %,d rows (%d numeric, %d categorical columns) in %.1f s -> %s%n", rows, TelcoData.NUMERIC.size(),
          TelcoData.CATEGORICAL.size(), generation.get(rows), MbtSide.dataPath(dir, rows, format));
    }
    PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    MbtSide mbt = MbtSide.create(dir, sizes, testSize, seed, xgboost, format, console);
    HandWritten.Settings baseline = new HandWritten.Settings(testSize, seed, xgboost, split, format);

    // ---- warm-up: not counted ----------------------------------------------------------------------
    long warm = sizes.get(0);
    System.out.printf(Locale.ROOT, "%nwarm-up on %,d rows (not counted)%n", warm);
    long warmStart = System.nanoTime();
    MbtSide.Result warmMbt = runMbt(mbt, spark, jobs, warm, "warmup");
    HandWritten.Result warmHand = runHand(spark, jobs, dir, warm, baseline, "warmup");
    double warmSeconds = Bench.seconds(warmStart);

    // ---- measured: alternate which side goes first --------------------------------------------------
    Map<Long, List<MbtSide.Result>> mbtRuns = new LinkedHashMap<>();
    Map<Long, List<HandWritten.Result>> handRuns = new LinkedHashMap<>();
    WallSampler wall = WallSampler.startIfAsked();
    for (long rows : sizes) {
      List<MbtSide.Result> m = new ArrayList<>();
      List<HandWritten.Result> h = new ArrayList<>();
      for (int r = 0; r < repeats; r++) {
        System.out.printf(Locale.ROOT, "%n%,d rows, repeat %d/%d%n", rows, r + 1, repeats);
        if (r % 2 == 0) {
          m.add(runMbt(mbt, spark, jobs, rows, "r" + r));
          h.add(runHand(spark, jobs, dir, rows, baseline, "r" + r));
        } else {
          h.add(runHand(spark, jobs, dir, rows, baseline, "r" + r));
          m.add(runMbt(mbt, spark, jobs, rows, "r" + r));
        }
      }
      mbtRuns.put(rows, m);
      handRuns.put(rows, h);
    }
    if (wall != null) {
      wall.close();
    }
    String loadAfter = Bench.loadAverage();

    // ---- report ------------------------------------------------------------------------------------
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "mbt-training-pipeline");
    report.put("measured_at", Instant.now().toString());
    Map<String, Object> machine = Bench.machine(spark, loadBefore, loadAfter);
    report.put("machine", machine);
    Map<String, Object> setup = new LinkedHashMap<>();
    setup.put("sizes", sizes);
    setup.put("repeats", repeats);
    setup.put("seed", seed);
    setup.put("test_size", testSize);
    setup.put("xgboost", xgboost);
    setup.put("mbt_pipeline", "load_data -> split_data (stratified) -> encode (one_hot) -> normalize (standard_scaler) -> train_model (xgboost)"
        + " -> evaluate (roc_auc, no plots) -> log_run (local registry)");
    setup.put("source_format", format);
    setup.put("hand_written", "read " + format + " -> " + (split.equals("window") ? "exact stratified split (window per class)" : "bernoulli split")
        + ", cached -> StringIndexer+OneHotEncoder, Imputer+VectorAssembler+StandardScaler, VectorAssembler -> same XGBoost trainer, train"
        + " features cached -> AUC on test -> save fitted pipeline and model");
    setup.put("data_columns", Map.of("id", TelcoData.ID, "label", TelcoData.LABEL, "numeric", TelcoData.NUMERIC, "categorical",
        TelcoData.CATEGORICAL));
    setup.put("generation_seconds", Bench.roundMap(generation));
    setup.put("spark_start_seconds", Bench.round(sparkSeconds));
    setup.put("warmup_seconds", Bench.round(warmSeconds));
    setup.put("warmup", Map.of("mbt_seconds", Bench.round(warmMbt.seconds()), "hand_written_seconds", Bench.round(warmHand.seconds())));
    report.put("setup", setup);

    List<Map<String, Object>> results = new ArrayList<>();
    for (long rows : sizes) {
      results.add(sizeReport(rows, mbtRuns.get(rows), handRuns.get(rows)));
    }
    report.put("results", results);
    report.put("total_seconds", Bench.round(Bench.seconds(benchStart)));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, ManifestJson.write(report) + "\n", StandardCharsets.UTF_8);

    printTables(sizes, results, machine, repeats, split);
    System.out.println();
    System.out.println("wrote " + out);
    spark.stop();
  }

  private static MbtSide.Result runMbt(MbtSide mbt, SparkSession spark, JobTimes jobs, long rows, String tag) {
    System.gc();
    MbtSide.Result r = mbt.run(spark, rows, "bench_" + rows + "_" + tag, jobs);
    mbt.clean();
    System.out.printf(Locale.ROOT, "  MBT          %,9d rows: %6.1f s (compile %.2f s), AUC %.4f%n", rows, r.seconds(), r.compileSeconds(), r.auc());
    return r;
  }

  private static HandWritten.Result runHand(SparkSession spark, JobTimes jobs, Path dir, long rows, HandWritten.Settings settings, String tag) {
    System.gc();
    Path models = dir.resolve("hand_written_models").resolve(rows + "_" + tag);
    HandWritten.Result r = HandWritten.run(spark, MbtSide.dataPath(dir, rows, settings.format()).toUri().toString(), models.toUri().toString(), settings, jobs);
    MbtSide.deleteTree(dir.resolve("hand_written_models"));
    System.out.printf(Locale.ROOT, "  hand-written %,9d rows: %6.1f s, AUC %.4f  %s%n", rows, r.seconds(), r.auc(), phasesText(r.phases()));
    return r;
  }

  private static Map<String, Object> sizeReport(long rows, List<MbtSide.Result> mbt, List<HandWritten.Result> hand) {
    double mbtMedian = Bench.median(mbt.stream().map(MbtSide.Result::seconds).toList());
    double handMedian = Bench.median(hand.stream().map(HandWritten.Result::seconds).toList());
    List<Double> paired = new ArrayList<>();
    for (int i = 0; i < mbt.size(); i++) {
      paired.add(mbt.get(i).seconds() / hand.get(i).seconds());
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("rows", rows);
    r.put("train_rows", mbt.get(0).trainRows());
    r.put("test_rows", mbt.get(0).testRows());
    r.put("label_positive_share", Bench.round3(mbt.get(0).positiveShare()));
    r.put("mbt_seconds_median", Bench.round(mbtMedian));
    r.put("hand_written_seconds_median", Bench.round(handMedian));
    r.put("ratio_mbt_over_hand_written", Bench.round3(mbtMedian / handMedian));
    r.put("ratio_per_repeat", paired.stream().map(Bench::round3).toList());
    r.put("target_ratio", 1.10);
    r.put("mbt_rows_per_second", Math.round(rows / mbtMedian));
    r.put("hand_written_rows_per_second", Math.round(rows / handMedian));
    r.put("auc_mbt", Bench.round4(Bench.median(mbt.stream().map(MbtSide.Result::auc).toList())));
    r.put("auc_hand_written", Bench.round4(Bench.median(hand.stream().map(HandWritten.Result::auc).toList())));
    r.put("mbt_compile_seconds_median", Bench.round3(Bench.median(mbt.stream().map(MbtSide.Result::compileSeconds).toList())));
    Map<String, Double> steps = medianSplit(mbt, MbtSide.Result::steps);
    double inSteps = steps.values().stream().mapToDouble(Double::doubleValue).sum();
    r.put("mbt_steps_seconds_median", Bench.roundMap(steps));
    // Compile, manifest and run_results writes, step records: what the runner costs around the steps.
    r.put("mbt_outside_steps_seconds", Bench.round(mbtMedian - inSteps));
    r.put("mbt_steps_spark_jobs_median", Bench.roundMap(medianSplit(mbt, m -> jobCounts(m.jobs()))));
    r.put("mbt_steps_spark_job_seconds_median", Bench.roundMap(medianSplit(mbt, m -> jobSeconds(m.jobs()))));
    r.put("hand_written_phases_seconds_median", Bench.roundMap(medianSplit(hand, HandWritten.Result::phases)));
    r.put("hand_written_phases_spark_jobs_median", Bench.roundMap(medianSplit(hand, h -> jobCounts(h.jobs()))));
    r.put("hand_written_phases_spark_job_seconds_median", Bench.roundMap(medianSplit(hand, h -> jobSeconds(h.jobs()))));
    List<Map<String, Object>> runs = new ArrayList<>();
    for (int i = 0; i < mbt.size(); i++) {
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("repeat", i + 1);
      run.put("first", i % 2 == 0 ? "mbt" : "hand_written");
      run.put("mbt_seconds", Bench.round(mbt.get(i).seconds()));
      run.put("mbt_steps", Bench.roundMap(mbt.get(i).steps()));
      run.put("mbt_auc", Bench.round4(mbt.get(i).auc()));
      run.put("hand_written_seconds", Bench.round(hand.get(i).seconds()));
      run.put("hand_written_phases", Bench.roundMap(hand.get(i).phases()));
      run.put("hand_written_auc", Bench.round4(hand.get(i).auc()));
      runs.add(run);
    }
    r.put("runs", runs);
    return r;
  }

  @SuppressWarnings("unchecked")
  private static void printTables(List<Long> sizes, List<Map<String, Object>> results, Map<String, Object> machine, int repeats, String split) {
    System.out.println();
    System.out.printf(Locale.ROOT, "machine: %s cores, max heap %s MB, load average start %s / end %s; median of %d repeat(s); baseline split: %s%n",
        machine.get("cores"), machine.get("max_heap_mb"), machine.get("load_average_start"), machine.get("load_average_end"), repeats, split);
    System.out.println();
    System.out.println("|      rows | MBT s  | hand s | ratio (≤1.10) | per repeat    | MBT rows/s | hand rows/s | AUC MBT | AUC hand |");
    System.out.println("|-----------|--------|--------|---------------|---------------|------------|-------------|---------|----------|");
    for (Map<String, Object> r : results) {
      double ratio = ((Number) r.get("ratio_mbt_over_hand_written")).doubleValue();
      System.out.printf(Locale.ROOT, "| %,9d | %6.1f | %6.1f | %-13s | %-13s | %,10d | %,11d | %7.4f | %8.4f |%n", r.get("rows"), r.get("mbt_seconds_median"),
          r.get("hand_written_seconds_median"), String.format(Locale.ROOT, "%.3f %s", ratio, ratio <= 1.10 ? "ok" : "OVER"),
          r.get("ratio_per_repeat").toString().replace(" ", ""), r.get("mbt_rows_per_second"), r.get("hand_written_rows_per_second"),
          r.get("auc_mbt"), r.get("auc_hand_written"));
    }

    for (Map<String, Object> r : results) {
      Map<String, Object> steps = (Map<String, Object>) r.get("mbt_steps_seconds_median");
      List<String> ordered = new ArrayList<>(STEP_ORDER.stream().filter(steps::containsKey).toList());
      steps.keySet().stream().filter(k -> !ordered.contains(k)).forEach(ordered::add);
      System.out.println();
      System.out.printf(Locale.ROOT, "MBT per step, %,d rows (medians; driver = step time outside Spark jobs: planning, model/JSON writes, Delta"
          + " commits)%n", r.get("rows"));
      printSplit(ordered, steps, (Map<String, Object>) r.get("mbt_steps_spark_jobs_median"),
          (Map<String, Object>) r.get("mbt_steps_spark_job_seconds_median"), ((Number) r.get("mbt_seconds_median")).doubleValue());
      System.out.printf(Locale.ROOT, "| %-20s | %8.2f | %5.1f |       |          |          |%n", "(compile + runner)",
          ((Number) r.get("mbt_outside_steps_seconds")).doubleValue(),
          100 * ((Number) r.get("mbt_outside_steps_seconds")).doubleValue() / ((Number) r.get("mbt_seconds_median")).doubleValue());
      Map<String, Object> phases = (Map<String, Object>) r.get("hand_written_phases_seconds_median");
      System.out.println();
      System.out.printf(Locale.ROOT, "hand-written per phase, %,d rows (medians; Spark is lazy: a phase is the work its actions run)%n", r.get("rows"));
      printSplit(new ArrayList<>(phases.keySet()), phases, (Map<String, Object>) r.get("hand_written_phases_spark_jobs_median"),
          (Map<String, Object>) r.get("hand_written_phases_spark_job_seconds_median"), ((Number) r.get("hand_written_seconds_median")).doubleValue());
    }
  }

  private static void printSplit(List<String> names, Map<String, Object> seconds, Map<String, Object> jobs, Map<String, Object> jobSeconds,
      double total) {
    System.out.println("| step                 |        s |     % |  jobs |    job s | driver s |");
    System.out.println("|----------------------|----------|-------|-------|----------|----------|");
    for (String name : names) {
      double s = ((Number) seconds.get(name)).doubleValue();
      double n = jobs.get(name) == null ? 0 : ((Number) jobs.get(name)).doubleValue();
      double js = jobSeconds.get(name) == null ? 0 : ((Number) jobSeconds.get(name)).doubleValue();
      System.out.printf(Locale.ROOT, "| %-20s | %8.2f | %5.1f | %5s | %8.2f | %8.2f |%n", name, s, 100 * s / total,
          n == Math.rint(n) ? String.valueOf((long) n) : String.valueOf(n), js, s - js);
    }
  }

  private static Map<String, Double> jobCounts(Map<String, JobTimes.Group> groups) {
    Map<String, Double> out = new LinkedHashMap<>();
    groups.forEach((k, g) -> out.put(k, (double) g.jobs()));
    return out;
  }

  private static Map<String, Double> jobSeconds(Map<String, JobTimes.Group> groups) {
    Map<String, Double> out = new LinkedHashMap<>();
    groups.forEach((k, g) -> out.put(k, g.seconds()));
    return out;
  }

  /** Per key, the median over runs (keys in first-seen order). */
  private static <T> Map<String, Double> medianSplit(List<T> runs, Function<T, Map<String, Double>> parts) {
    Map<String, List<Double>> values = new LinkedHashMap<>();
    for (T run : runs) {
      parts.apply(run).forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
    Map<String, Double> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, Bench.median(v)));
    return out;
  }

  private static String phasesText(Map<String, Double> phases) {
    StringBuilder sb = new StringBuilder("(");
    phases.forEach((k, v) -> sb.append(k).append(' ').append(String.format(Locale.ROOT, "%.1f", v)).append(", "));
    return sb.substring(0, sb.length() - 2) + ")";
  }
}
