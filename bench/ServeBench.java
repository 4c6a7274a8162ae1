import io.mbt.compiler.CompileOptions;
import io.mbt.compiler.CompileResult;
import io.mbt.compiler.Compiler;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestFiles;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.project.ProjectLoader;
import io.mbt.compiler.spi.PluginRegistry;
import io.mbt.steps.runner.PipelineRunner;
import io.mbt.steps.runner.RunRequest;
import io.mbt.steps.runner.RunResults;
import io.mbt.steps.spark.SparkSessions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Serving benchmark (run by serve-bench.sh): batch scoring throughput of MBT's serving pipeline
 * against the same scoring job hand-written in Spark ({@link HandScoring}), in one JVM on one
 * SparkSession.
 *
 * <ol>
 *   <li>generates a seeded Telco-like training set ({@link TelcoData}, Parquet) and, per size, a
 *       scoring table of other customers without the label, as a Delta table;
 *   <li>trains one XGBoost model with MBT (not timed) and logs it to the local registry;
 *   <li>warm-up: one run of each side on the smallest size, not counted;
 *   <li>per size, {@code repeats} pairs of runs alternating which side goes first, both scoring the
 *       same execution date (each run replaces that date's rows, as a daily rerun does): MBT
 *       compiles the serving pipeline and runs it with the {@link PipelineRunner}, as {@code mbt
 *       run} does; the baseline loads the same registry run's models and writes the same columns.
 * </ol>
 *
 * Reports medians: rows/s of each side and the throughput ratio MBT / hand-written (target >= 0.9),
 * MBT's per-step split and the baseline's phases, and checks that both wrote the same predictions.
 * Usage: {@code ServeBench --dir DIR --out FILE [--rows 1000000] [--train-rows 100000] [--repeats 3]
 * [--seed 42]}.
 */
public final class ServeBench {
  private static final LocalDate DATE = LocalDate.of(2026, 11, 1);
  private static final double TARGET = 0.9;
  private static final String TRAIN_PIPELINE = "serve_bench_train";

  record MbtResult(double seconds, double compileSeconds, Map<String, Double> steps, long rows, Map<String, JobTimes.Group> jobs) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Bench.parse(args);
    Path dir = Path.of(opts.get("dir")).toAbsolutePath();
    Path out = Path.of(opts.getOrDefault("out", "bench/results/serve.json"));
    List<Long> sizes = Arrays.stream(opts.getOrDefault("rows", "1000000").split(",")).map(String::strip).map(Long::parseLong).sorted().toList();
    long trainRows = Long.parseLong(opts.getOrDefault("train-rows", "100000"));
    int repeats = Integer.parseInt(opts.getOrDefault("repeats", "3"));
    long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
    if (repeats < 1 || sizes.isEmpty() || sizes.get(0) < 1000 || trainRows < 5000) {
      throw new IllegalArgumentException("need --repeats >= 1, sizes >= 1000 and --train-rows >= 5000, but got " + repeats + ", " + sizes + ", "
          + trainRows);
    }
    String loadBefore = Bench.loadAverage();
    long benchStart = System.nanoTime();
    Files.createDirectories(dir);
    SparkSession spark = SparkSessions.embedded(dir, Map.of());
    JobTimes jobs = JobTimes.install(spark.sparkContext());
    PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.out.printf(Locale.ROOT, "spark %s, master %s, default parallelism %d%n", spark.version(), spark.sparkContext().master(),
        spark.sparkContext().defaultParallelism());

    // ---- data and model (not timed) ----------------------------------------------------------------
    TelcoData.write(spark, dir.resolve("data/customers_train.parquet").toUri().toString(), trainRows, seed, "parquet");
    for (long rows : sizes) {
      long s = System.nanoTime();
      int partitions = (int) Math.max(2, Math.min(16, rows / 250_000));
      // Other customers than the training set's (another seed), without the label, as serving sees them.
      TelcoData.generate(spark, rows, seed + 1, partitions).drop(TelcoData.LABEL).write().format("delta").mode("overwrite")
          .save(scoringTable(dir, rows));
      System.out.printf(Locale.ROOT, "generated %,d scoring rows as a Delta table in %.1f s%n", rows, Bench.seconds(s));
    }
    writeProject(dir, seed);
    Compiler trainCompiler = new Compiler(ProjectLoader.load(dir), PluginRegistry.load());
    CompileResult trainManifest = trainCompiler.compile(TRAIN_PIPELINE, CompileOptions.defaults());
    Path trainResults = trainCompiler.project().targetDir().resolve(TRAIN_PIPELINE);
    ManifestFiles.write(trainManifest.manifest(), trainResults);
    long trainStart = System.nanoTime();
    RunResults trained = new PipelineRunner(spark, dir, trainResults, console, Clock.systemUTC())
        .run(trainManifest.manifest(), RunRequest.run("train", DATE));
    double trainSeconds = Bench.seconds(trainStart);
    String modelRun = String.valueOf(trained.steps().get("log_run").details().get("registry_run_id"));
    jobs.take(spark.sparkContext(), "");
    for (long rows : sizes) {
      writeServingPipeline(dir, rows, modelRun);
    }
    Compiler compiler = new Compiler(ProjectLoader.load(dir), PluginRegistry.load());
    String registryRun = dir.resolve("mbt_registry/runs").resolve(modelRun).toUri().toString();

    // ---- warm-up, then alternate sides ---------------------------------------------------------------
    long warm = sizes.get(0);
    System.out.printf(Locale.ROOT, "%nwarm-up on %,d rows (not counted)%n", warm);
    runMbt(compiler, spark, dir, jobs, console, warm, "warmup");
    runHand(spark, dir, jobs, warm, modelRun, registryRun, "warmup");
    Map<Long, List<MbtResult>> mbtRuns = new LinkedHashMap<>();
    Map<Long, List<HandScoring.Result>> handRuns = new LinkedHashMap<>();
    for (long rows : sizes) {
      List<MbtResult> m = new ArrayList<>();
      List<HandScoring.Result> h = new ArrayList<>();
      for (int r = 0; r < repeats; r++) {
        System.out.printf(Locale.ROOT, "%n%,d rows, repeat %d/%d%n", rows, r + 1, repeats);
        if (r % 2 == 0) {
          m.add(runMbt(compiler, spark, dir, jobs, console, rows, "r" + r));
          h.add(runHand(spark, dir, jobs, rows, modelRun, registryRun, "r" + r));
        } else {
          h.add(runHand(spark, dir, jobs, rows, modelRun, registryRun, "r" + r));
          m.add(runMbt(compiler, spark, dir, jobs, console, rows, "r" + r));
        }
      }
      mbtRuns.put(rows, m);
      handRuns.put(rows, h);
    }
    String loadAfter = Bench.loadAverage();

    // ---- report --------------------------------------------------------------------------------------
    List<Map<String, Object>> results = new ArrayList<>();
    for (long rows : sizes) {
      results.add(sizeReport(spark, dir, rows, mbtRuns.get(rows), handRuns.get(rows)));
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "mbt-serving-pipeline");
    report.put("measured_at", Instant.now().toString());
    Map<String, Object> machine = Bench.machine(spark, loadBefore, loadAfter);
    report.put("machine", machine);
    Map<String, Object> setup = new LinkedHashMap<>();
    setup.put("sizes", sizes);
    setup.put("repeats", repeats);
    setup.put("seed", seed);
    setup.put("train_rows", trainRows);
    setup.put("train_seconds", Bench.round(trainSeconds));
    setup.put("model_run_id", modelRun);
    setup.put("mbt_pipeline", "load_model (local registry) -> load_scoring_data (Delta, pinned version) -> apply_transforms -> predict"
        + " -> publish_predictions (Delta, replaceWhere execution_date)");
    setup.put("hand_written", "PipelineModel.load x3 (transforms, assembler, model) -> read Delta -> transform x3 -> select -> Delta write"
        + " (replaceWhere execution_date)");
    report.put("setup", setup);
    report.put("results", results);
    report.put("total_seconds", Bench.round(Bench.seconds(benchStart)));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, ManifestJson.write(report) + "\n", StandardCharsets.UTF_8);
    printTables(results, machine, repeats);
    System.out.println();
    System.out.println("wrote " + out);
    spark.stop();
  }

  private static String scoringTable(Path dir, long rows) {
    return dir.resolve("data").resolve("scoring_" + rows).toUri().toString();
  }

  private static String servingPipeline(long rows) {
    return "serve_bench_" + rows;
  }

  private static Path handOutput(Path dir, long rows) {
    return dir.resolve("predictions").resolve("hand_" + rows);
  }

  private static MbtResult runMbt(Compiler compiler, SparkSession spark, Path dir, JobTimes jobs, PrintStream console, long rows, String tag) {
    System.gc();
    String pipeline = servingPipeline(rows);
    long start = System.nanoTime();
    CompileResult compiled = compiler.compile(pipeline, CompileOptions.defaults());
    Path resultsDir = compiler.project().targetDir().resolve(pipeline);
    ManifestFiles.write(compiled.manifest(), resultsDir);
    Manifest manifest = compiled.manifest();
    double compileSeconds = Bench.seconds(start);
    RunResults results = new PipelineRunner(spark, dir, resultsDir, console, Clock.systemUTC())
        .run(manifest, RunRequest.run("bench_" + rows + "_" + tag, DATE));
    double seconds = Bench.seconds(start);
    Map<String, Double> steps = new LinkedHashMap<>();
    results.steps().forEach((name, step) -> steps.put(name, step.durationSeconds().orElse(Double.NaN)));
    Object written = results.steps().get("publish_predictions").details().get("rows_written");
    MbtResult r = new MbtResult(seconds, compileSeconds, steps, written instanceof Number n ? n.longValue() : -1,
        jobs.take(spark.sparkContext(), pipeline + "/"));
    System.out.printf(Locale.ROOT, "  MBT          %,9d rows: %6.1f s (compile %.2f s), %,.0f rows/s%n", rows, r.seconds(), compileSeconds,
        rows / r.seconds());
    return r;
  }

  private static HandScoring.Result runHand(SparkSession spark, Path dir, JobTimes jobs, long rows, String modelRun, String registryRun,
      String tag) {
    System.gc();
    HandScoring.Result r = HandScoring.run(spark, registryRun, modelRun, scoringTable(dir, rows), handOutput(dir, rows).toUri().toString(), DATE,
        "hand_" + rows + "_" + tag, jobs);
    System.out.printf(Locale.ROOT, "  hand-written %,9d rows: %6.1f s (load_model %.1f, score_and_write %.1f), %,.0f rows/s%n", rows, r.seconds(),
        r.phases().get("load_model"), r.phases().get("score_and_write"), rows / r.seconds());
    return r;
  }

  private static Map<String, Object> sizeReport(SparkSession spark, Path dir, long rows, List<MbtResult> mbt, List<HandScoring.Result> hand) {
    double mbtMedian = Bench.median(mbt.stream().map(MbtResult::seconds).toList());
    double handMedian = Bench.median(hand.stream().map(HandScoring.Result::seconds).toList());
    List<Double> paired = new ArrayList<>();
    for (int i = 0; i < mbt.size(); i++) {
      paired.add(hand.get(i).seconds() / mbt.get(i).seconds());
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("rows", rows);
    r.put("mbt_seconds_median", Bench.round(mbtMedian));
    r.put("hand_written_seconds_median", Bench.round(handMedian));
    r.put("mbt_rows_per_second", Math.round(rows / mbtMedian));
    r.put("hand_written_rows_per_second", Math.round(rows / handMedian));
    r.put("throughput_ratio_mbt_over_hand_written", Bench.round3(handMedian / mbtMedian));
    r.put("ratio_per_repeat", paired.stream().map(Bench::round3).toList());
    r.put("target_ratio", TARGET);
    r.put("rows_written_mbt", mbt.get(0).rows());
    r.put("rows_written_hand_written", hand.get(0).rows());
    r.put("predictions_differing", differing(spark, dir, rows));
    Set<String> steps = new LinkedHashSet<>();
    mbt.forEach(m -> steps.addAll(m.steps().keySet()));
    Map<String, Object> mbtSteps = new LinkedHashMap<>();
    for (String step : steps) {
      mbtSteps.put(step, Map.of("seconds", Bench.round(Bench.median(mbt.stream().map(m -> m.steps().getOrDefault(step, 0.0)).toList())),
          "jobs", Bench.median(mbt.stream().map(m -> (double) m.jobs().getOrDefault(step, new JobTimes.Group(0, 0)).jobs()).toList()),
          "job_seconds", Bench.round(Bench.median(mbt.stream().map(m -> m.jobs().getOrDefault(step, new JobTimes.Group(0, 0)).seconds()).toList()))));
    }
    mbtSteps.put("(compile + runner)", Map.of("seconds", Bench.round(Bench.median(mbt.stream()
        .map(m -> m.seconds() - m.steps().values().stream().mapToDouble(Double::doubleValue).sum()).toList()))));
    r.put("mbt_steps", mbtSteps);
    Map<String, Object> handPhases = new LinkedHashMap<>();
    for (String phase : List.of("load_model", "score_and_write")) {
      handPhases.put(phase, Map.of("seconds", Bench.round(Bench.median(hand.stream().map(h -> h.phases().get(phase)).toList())),
          "jobs", Bench.median(hand.stream().map(h -> (double) h.jobs().getOrDefault(phase, new JobTimes.Group(0, 0)).jobs()).toList()),
          "job_seconds", Bench.round(Bench.median(hand.stream().map(h -> h.jobs().getOrDefault(phase, new JobTimes.Group(0, 0)).seconds()).toList()))));
    }
    r.put("hand_written_phases", handPhases);
    r.put("runs", Map.of("mbt_seconds", mbt.stream().map(m -> Bench.round(m.seconds())).toList(), "hand_written_seconds",
        hand.stream().map(h -> Bench.round(h.seconds())).toList()));
    return r;
  }

  /** Customers whose probability differs between MBT's and the baseline's output (both score the same date). */
  private static long differing(SparkSession spark, Path dir, long rows) {
    Dataset<Row> mbt = spark.read().format("delta").load(dir.resolve("predictions").resolve("mbt_" + rows).toString())
        .filter("execution_date = DATE'" + DATE + "'");
    Dataset<Row> hand = spark.read().format("delta").load(handOutput(dir, rows).toString()).filter("execution_date = DATE'" + DATE + "'")
        .select(functions.col(TelcoData.ID), functions.col("churn_probability").as("hand_probability"),
            functions.col("churn_predicted").as("hand_predicted"));
    return mbt.join(hand, TelcoData.ID, "full_outer")
        .filter("hand_probability IS NULL OR churn_probability IS NULL OR abs(churn_probability - hand_probability) > 1e-9"
            + " OR churn_predicted <> hand_predicted")
        .count();
  }

  @SuppressWarnings("unchecked")
  private static void printTables(List<Map<String, Object>> results, Map<String, Object> machine, int repeats) {
    System.out.printf(Locale.ROOT, "%nServing throughput, MBT vs hand-written Spark (%s cores, load average %s -> %s, medians of %d)%n",
        machine.get("cores"), machine.get("load_average_start"), machine.get("load_average_end"), repeats);
    System.out.println("|      rows |  MBT s | hand s | MBT rows/s | hand rows/s | ratio (>= 0.9) | per repeat          | differing |");
    System.out.println("|-----------|--------|--------|------------|-------------|----------------|---------------------|-----------|");
    for (Map<String, Object> r : results) {
      double ratio = (Double) r.get("throughput_ratio_mbt_over_hand_written");
      System.out.printf(Locale.ROOT, "| %,9d | %6.1f | %6.1f | %,10d | %,11d | %.3f %-8s | %-19s | %9d |%n", (Long) r.get("rows"),
          (Double) r.get("mbt_seconds_median"), (Double) r.get("hand_written_seconds_median"), (Long) r.get("mbt_rows_per_second"),
          (Long) r.get("hand_written_rows_per_second"), ratio, ratio >= TARGET ? "ok" : "UNDER", r.get("ratio_per_repeat"),
          (Long) r.get("predictions_differing"));
    }
    for (Map<String, Object> r : results) {
      System.out.printf(Locale.ROOT, "%nMBT per step, %,d rows (medians)                hand-written per phase%n", (Long) r.get("rows"));
      Map<String, Object> steps = (Map<String, Object>) r.get("mbt_steps");
      Map<String, Object> phases = (Map<String, Object>) r.get("hand_written_phases");
      System.out.println("| step                |      s | jobs |   job s |");
      System.out.println("|---------------------|--------|------|---------|");
      steps.forEach((name, v) -> printRow(name, (Map<String, Object>) v));
      System.out.println("| phase               |      s | jobs |   job s |");
      phases.forEach((name, v) -> printRow(name, (Map<String, Object>) v));
    }
  }

  private static void printRow(String name, Map<String, Object> v) {
    System.out.printf(Locale.ROOT, "| %-19s | %6.2f | %4s | %7s |%n", name, (Double) v.get("seconds"),
        v.containsKey("jobs") ? String.format(Locale.ROOT, "%.0f", (Double) v.get("jobs")) : "",
        v.containsKey("job_seconds") ? String.format(Locale.ROOT, "%.2f", (Double) v.get("job_seconds")) : "");
  }

  // ---- the generated project -------------------------------------------------------------------------

  private static void writeProject(Path dir, long seed) throws IOException {
    Bench.writeProject(dir, "serve_bench", "data", "auto");
    Bench.write(dir, "pipelines/" + TRAIN_PIPELINE + ".yaml", """
        schema_version: 1
        project:
          name: %s
          experiment_name: serve_bench
          owner: bench
          problem_type: binary_classification
        training:
          data_source:
            label_table: customers_train
            split: {method: stratified, test_size: 0.2, seed: %d}
          schema:
            target: {label_column: %s, classes: ["No", "Yes"], positive_class: "Yes"}
            identifiers: {primary_key: %s}
          transformations:
            encoding: {enabled: true, method: one_hot, handle_unknown: keep}
            normalization: {enabled: true, method: standard_scaler}
          model_training:
            framework: xgboost
            config: {n_estimators: 50, max_depth: 6, learning_rate: 0.1, seed: %d}
          evaluation:
            primary_metric: roc_auc
            generate_plots: false
        """.formatted(TRAIN_PIPELINE, seed, TelcoData.LABEL, TelcoData.ID, seed));
  }

  private static void writeServingPipeline(Path dir, long rows, String modelRun) throws IOException {
    Bench.write(dir, "pipelines/" + servingPipeline(rows) + ".yaml", """
        schema_version: 1
        project:
          name: %s
          experiment_name: serve_bench
          owner: bench
          problem_type: binary_classification
        deployment: {mode: batch, cadence: daily}
        serving:
          model_source: {registry: local, run_id: "%s"}
          data_source: {scoring_table: scoring_%d}
          output:
            destination: delta
            path: predictions/mbt_%d
            columns: {prediction: churn_probability, label: churn_predicted, threshold: 0.5}
            include_columns: [%s]
        """.formatted(servingPipeline(rows), modelRun, rows, rows, TelcoData.ID));
  }
}
