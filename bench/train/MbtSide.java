import io.mbt.compiler.CompileOptions;
import io.mbt.compiler.CompileResult;
import io.mbt.compiler.Compiler;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestFiles;
import io.mbt.compiler.project.ProjectLoader;
import io.mbt.compiler.spi.PluginRegistry;
import io.mbt.steps.runner.PipelineRunner;
import io.mbt.steps.runner.RunRequest;
import io.mbt.steps.runner.RunResults;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The MBT side: a generated project (local storage and registry, the {@code local_file} connector
 * reading Parquet or Delta) with one training pipeline per data size, compiled with the {@link Compiler} and
 * run with the {@link PipelineRunner} on the benchmark's SparkSession, as {@code mbt run} does.
 */
final class MbtSide {
  static final String DATA_DIR = "data";

  /**
   * Wall seconds (compile + run), compile seconds, per-step seconds from run_results, the held-out
   * AUC, the split sizes and the Spark jobs per step (the runner's job group is {@code
   * <pipeline>/<step>}).
   */
  record Result(double seconds, double compileSeconds, Map<String, Double> steps, double auc, long trainRows, long testRows,
      double positiveShare, Map<String, JobTimes.Group> jobs) {}

  private final Path dir;
  private final Compiler compiler;
  private final PrintStream console;

  private MbtSide(Path dir, Compiler compiler, PrintStream console) {
    this.dir = dir;
    this.compiler = compiler;
    this.console = console;
  }

  static String pipelineName(long rows) {
    return "train_bench_" + rows;
  }

  static String tableName(long rows) {
    return "customers_" + rows;
  }

  /** Where the data set of {@code rows} rows goes ({@code parquet} or {@code delta}), so that the connector finds table {@link #tableName}. */
  static Path dataPath(Path dir, long rows, String format) {
    return dir.resolve(DATA_DIR).resolve(tableName(rows) + (format.equals("parquet") ? ".parquet" : ""));
  }

  /** Writes the project: mbt_project.yaml, profiles.yaml and one pipeline per size. */
  static MbtSide create(Path dir, List<Long> sizes, double testSize, long seed, Map<String, Object> xgboostParams, String format,
      PrintStream console)
      throws IOException {
    Bench.writeProject(dir, "train_bench", DATA_DIR, format);
    String params = xgboostParams.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
    for (long rows : sizes) {
      Bench.write(dir, "pipelines/" + pipelineName(rows) + ".yaml", """
          schema_version: 1
          project:
            name: %s
            experiment_name: train_bench
            owner: bench
            problem_type: binary_classification
            tags: [bench]
          training:
            data_source:
              label_table: %s
              split: {method: stratified, test_size: %s, seed: %d}
              min_rows: 1000
            schema:
              target: {label_column: %s, classes: ["No", "Yes"], positive_class: "Yes"}
              identifiers: {primary_key: %s}
            transformations:
              encoding: {enabled: true, method: one_hot, handle_unknown: keep}
              normalization: {enabled: true, method: standard_scaler}
            model_training:
              framework: xgboost
              config: {%s}
            evaluation:
              primary_metric: roc_auc
              generate_plots: false
          """.formatted(pipelineName(rows), tableName(rows), testSize, seed, TelcoData.LABEL, TelcoData.ID, params));
    }
    return new MbtSide(dir, new Compiler(ProjectLoader.load(dir), PluginRegistry.load()), console);
  }

  /** Compiles the pipeline (writing its manifest, as {@code mbt run} does) and runs it as a new run. */
  Result run(SparkSession spark, long rows, String runId, JobTimes jobs) {
    String pipeline = pipelineName(rows);
    long start = System.nanoTime();
    CompileResult compiled = compiler.compile(pipeline, CompileOptions.defaults());
    Path resultsDir = compiler.project().targetDir().resolve(pipeline);
    ManifestFiles.write(compiled.manifest(), resultsDir);
    Manifest manifest = compiled.manifest();
    double compileSeconds = (System.nanoTime() - start) / 1e9;
    Clock clock = Clock.systemUTC();
    LocalDate executionDate = manifest.metadata().executionDate().map(LocalDate::parse).orElse(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    RunResults results = new PipelineRunner(spark, dir, resultsDir, console, clock).run(manifest, RunRequest.run(runId, executionDate));
    double seconds = (System.nanoTime() - start) / 1e9;

    Map<String, Double> steps = new LinkedHashMap<>();
    results.steps().forEach((name, step) -> steps.put(name, step.durationSeconds().orElse(Double.NaN)));
    RunResults.StepResult evaluate = results.steps().get("evaluate");
    double auc = Double.NaN;
    if (evaluate != null && evaluate.details().get("metrics") instanceof Map<?, ?> metrics && metrics.get("roc_auc") instanceof Number n) {
      auc = n.doubleValue();
    }
    Map<String, Object> split = results.steps().get("split_data").details();
    return new Result(seconds, compileSeconds, steps, auc, number(split.get("train_rows")), number(split.get("test_rows")),
        positiveShare(split.get("label_distribution")), jobs.take(spark.sparkContext(), pipeline + "/"));
  }

  /** Deletes what a run wrote (artifacts, registry entries, logs), outside the timed part, so disk use stays flat. */
  void clean() {
    for (String sub : List.of("local_artifacts", "mbt_registry", "logs")) {
      deleteTree(dir.resolve(sub));
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
    }
  }

  /** The share of "Yes" labels over train and test, from split_data's label_distribution; NaN if absent. */
  private static double positiveShare(Object distribution) {
    if (!(distribution instanceof Map<?, ?> splits)) {
      return Double.NaN;
    }
    long positive = 0;
    long all = 0;
    for (Object counts : splits.values()) {
      if (counts instanceof Map<?, ?> byClass) {
        for (Map.Entry<?, ?> e : byClass.entrySet()) {
          long n = number(e.getValue());
          all += n;
          positive += "Yes".equals(String.valueOf(e.getKey())) ? n : 0;
        }
      }
    }
    return all == 0 ? Double.NaN : (double) positive / all;
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : -1;
  }
}
