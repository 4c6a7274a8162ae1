import io.mbt.compiler.CompileOptions;
import io.mbt.compiler.CompileResult;
import io.mbt.compiler.Compiler;
import io.mbt.compiler.manifest.ManifestFiles;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.project.ProjectLoader;
import io.mbt.compiler.spi.PluginRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compiler throughput benchmark (run by compile-bench.sh).
 *
 * <p>Generates a project of N pipelines (5 base pipelines, shared !include fragments, a mix of
 * frameworks, problem types and serving pipelines), then:
 *
 * <ol>
 *   <li>warm: compiles every pipeline once to warm the JVM, then times several passes over all of
 *       them in this JVM, both compile only and compile + write target/&lt;name&gt;/manifest.json;
 *   <li>cold: if the CLI launcher exists, times {@code bin/mbt --project-dir DIR compile --all} in
 *       fresh JVMs.
 * </ol>
 *
 * Prints a table and writes JSON. Usage: {@code CompileBench --pipelines N --passes P --cli-runs R
 * --mbt PATH --out FILE --dir DIR}.
 */
public final class CompileBench {
  private static final String[] PROBLEMS = {"binary_classification", "binary_classification", "multiclass_classification", "regression",
      "regression"};

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    int pipelines = Integer.parseInt(opts.getOrDefault("pipelines", "1000"));
    int passes = Integer.parseInt(opts.getOrDefault("passes", "3"));
    int cliRuns = Integer.parseInt(opts.getOrDefault("cli-runs", "3"));
    Path out = Path.of(opts.getOrDefault("out", "bench/results/compile.json"));
    Path dir = Path.of(opts.get("dir"));
    Path mbt = Path.of(opts.getOrDefault("mbt", "bin/mbt"));

    String loadBefore = loadAverage();
    long genStart = System.nanoTime();
    int fragments = generate(dir, pipelines);
    double genSeconds = seconds(System.nanoTime() - genStart);
    System.out.printf(Locale.ROOT, "generated %d pipelines (5 base pipelines, %d include fragments) in %s (%.1f s)%n", pipelines, fragments, dir,
        genSeconds);

    // ---- warm, in this JVM ----------------------------------------------------------------------
    CompileOptions options = CompileOptions.defaults().withClock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
        .withEnvironment(key -> null);
    long loadStart = System.nanoTime();
    Compiler compiler = new Compiler(ProjectLoader.load(dir), PluginRegistry.load());
    double loadSeconds = seconds(System.nanoTime() - loadStart);
    List<String> names = compiler.catalog().names();
    if (names.size() != pipelines) {
      throw new IllegalStateException("expected " + pipelines + " pipelines, the catalog has " + names.size());
    }
    long warmStart = System.nanoTime();
    pass(compiler, names, options, true, null); // warm-up; also proves every generated pipeline compiles
    double warmupSeconds = seconds(System.nanoTime() - warmStart);

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Double> compileOnly = new ArrayList<>();
    List<Double> withWrite = new ArrayList<>();
    List<Double> compileOnlyCpu = new ArrayList<>();
    long[] latencies = new long[passes * names.size()];
    for (int p = 0; p < passes; p++) {
      long s = System.nanoTime();
      long cpu = threads.getCurrentThreadCpuTime();
      pass(compiler, names, options, false, null);
      compileOnly.add(names.size() / seconds(System.nanoTime() - s));
      compileOnlyCpu.add(names.size() / seconds(threads.getCurrentThreadCpuTime() - cpu));
      long[] perPipeline = new long[names.size()];
      s = System.nanoTime();
      pass(compiler, names, options, true, perPipeline);
      withWrite.add(names.size() / seconds(System.nanoTime() - s));
      System.arraycopy(perPipeline, 0, latencies, p * names.size(), names.size());
    }
    Arrays.sort(latencies);

    // ---- cold, one fresh JVM per run ------------------------------------------------------------
    Map<String, Object> cold = coldCli(mbt, dir, pipelines, cliRuns);

    // ---- report ---------------------------------------------------------------------------------
    Map<String, Object> warm = new LinkedHashMap<>();
    warm.put("passes", passes);
    warm.put("project_load_seconds", round(loadSeconds));
    warm.put("warmup_pass_seconds", round(warmupSeconds));
    warm.put("compile_only_pipelines_per_second", stats(compileOnly));
    warm.put("compile_and_write_pipelines_per_second", stats(withWrite));
    // CPU time of the compiling thread: much less sensitive than wall time to other work on the machine.
    warm.put("compile_only_pipelines_per_cpu_second", stats(compileOnlyCpu));
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("p50", round(latencies[latencies.length / 2] / 1e6));
    latency.put("p90", round(latencies[(int) (latencies.length * 0.9)] / 1e6));
    latency.put("p99", round(latencies[(int) (latencies.length * 0.99)] / 1e6));
    latency.put("max", round(latencies[latencies.length - 1] / 1e6));
    warm.put("latency_ms", latency);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "mbt-compiler");
    report.put("measured_at", Instant.now().toString());
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.version"));
    machine.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    // Other work on the machine slows every figure here; the load average says how much there was.
    machine.put("load_average_before", loadBefore);
    machine.put("load_average_after", loadAverage());
    report.put("machine", machine);
    Map<String, Object> project = new LinkedHashMap<>();
    project.put("pipelines", pipelines);
    project.put("base_pipelines", 5);
    project.put("include_fragments", fragments);
    project.put("serving_pipelines", pipelines / 10);
    report.put("project", project);
    report.put("warm_jvm", warm);
    report.put("cold_cli", cold);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, ManifestJson.write(report) + "\n", StandardCharsets.UTF_8);

    Map<?, ?> co = (Map<?, ?>) warm.get("compile_only_pipelines_per_second");
    Map<?, ?> cw = (Map<?, ?>) warm.get("compile_and_write_pipelines_per_second");
    System.out.println();
    System.out.println("| measurement                                   | value                          |");
    System.out.println("|-----------------------------------------------|--------------------------------|");
    row("pipelines (bases / fragments / serving)", pipelines + " (5 / " + fragments + " / " + pipelines / 10 + ")");
    row("machine: cores, load average before/after", machine.get("cores") + ", " + loadBefore + " / " + machine.get("load_average_after"));
    row("project load + plugin discovery", fmt(loadSeconds) + " s");
    row("warm-up pass (first " + pipelines + " compiles)", fmt(warmupSeconds) + " s");
    row("warm: compile only, pipelines/s", co.get("median") + " median, " + co.get("best") + " best");
    row("warm: compile + write manifest, pipelines/s", cw.get("median") + " median, " + cw.get("best") + " best");
    Map<?, ?> cc = (Map<?, ?>) warm.get("compile_only_pipelines_per_cpu_second");
    row("warm: compile only, pipelines per CPU-second", cc.get("median") + " median, " + cc.get("best") + " best");
    Map<?, ?> lat = (Map<?, ?>) warm.get("latency_ms");
    row("warm: per pipeline p50 / p99 / max (ms)", lat.get("p50") + " / " + lat.get("p99") + " / " + lat.get("max"));
    if ("measured".equals(cold.get("status"))) {
      row("cold CLI: mbt compile --all (s)", cold.get("median_seconds") + " median of " + cold.get("runs"));
      row("cold CLI: pipelines/s", String.valueOf(cold.get("pipelines_per_second")));
      row("cold CLI: CPU (user+sys, all JVM threads), s", cold.get("median_cpu_seconds") + " median of " + cold.get("cpu_seconds"));
    } else {
      row("cold CLI: mbt compile --all", String.valueOf(cold.get("status")));
      System.out.println();
      System.out.println("cold CLI measurement skipped: " + cold.get("reason"));
    }
    System.out.println();
    System.out.println("wrote " + out);
  }

  /** Compiles every pipeline; with {@code write}, also serializes and writes its manifest like 'mbt compile'. */
  private static void pass(Compiler compiler, List<String> names, CompileOptions options, boolean write, long[] latencies) {
    for (int i = 0; i < names.size(); i++) {
      long s = System.nanoTime();
      CompileResult result = compiler.compile(names.get(i), options);
      if (write) {
        ManifestFiles.write(result.manifest(), compiler.project().targetDir().resolve(names.get(i)));
      }
      if (latencies != null) {
        latencies[i] = System.nanoTime() - s;
      }
    }
  }

  private static Map<String, Object> coldCli(Path mbt, Path dir, int pipelines, int runs) throws IOException, InterruptedException {
    Map<String, Object> cold = new LinkedHashMap<>();
    cold.put("command", mbt + " --project-dir <generated> compile --all");
    if (!Files.isExecutable(mbt)) {
      cold.put("status", "skipped");
      cold.put("reason", "the CLI launcher " + mbt + " does not exist yet (or is not executable)");
      return cold;
    }
    Path home = mbt.toAbsolutePath().getParent().getParent();
    Path driver = home.resolve("mbt-spark-driver/target");
    if (!Files.isRegularFile(driver.resolve("launcher-classpath.txt")) || !Files.isRegularFile(driver.resolve("mbt-spark-driver-0.1.0-SNAPSHOT.jar"))) {
      cold.put("status", "skipped");
      cold.put("reason", "mbt-spark-driver is not built (no " + home.relativize(driver) + "/launcher-classpath.txt or jar); "
          + "run 'mvn -B -ntp -q package -DskipTests' once, then rerun this benchmark");
      return cold;
    }
    List<Double> times = new ArrayList<>();
    List<Double> cpuTimes = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      Path log = Files.createTempFile("mbt-cli-bench", ".log");
      Path cpuFile = Files.createTempFile("mbt-cli-bench", ".cpu");
      // bash's time keyword reports the CPU (user + sys) of the launcher and its JVM.
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", "TIMEFORMAT='%U %S'; { time \"$0\" \"$@\" >\"$LOG\" 2>&1 ; } 2>\"$CPU\"",
          mbt.toString(), "--project-dir", dir.toString(), "compile", "--all");
      pb.environment().put("LOG", log.toString());
      pb.environment().put("CPU", cpuFile.toString());
      pb.environment().put("MBT_SKIP_BUILD", "1"); // time the CLI, not a Maven build
      pb.environment().remove("MBT_TARGET");
      long s = System.nanoTime();
      Process process = pb.start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("mbt compile --all did not finish in 10 minutes; see " + log);
      }
      double took = seconds(System.nanoTime() - s);
      String output = Files.readString(log);
      if (process.exitValue() != 0) {
        cold.put("status", "failed");
        cold.put("reason", "exit code " + process.exitValue() + ": " + output.lines().filter(l -> !l.startsWith("compiled ")).limit(20)
            .reduce("", (a, b) -> a + b + "\n"));
        return cold;
      }
      String summary = output.lines().filter(l -> l.contains("pipelines compiled in")).findFirst().orElse("");
      cold.put("cli_summary", summary.strip());
      times.add(took);
      String[] cpu = Files.readString(cpuFile).strip().split("\\s+");
      if (cpu.length == 2) {
        cpuTimes.add(Double.parseDouble(cpu[0]) + Double.parseDouble(cpu[1]));
      }
      Files.delete(log);
      Files.delete(cpuFile);
    }
    List<Double> sorted = new ArrayList<>(times);
    sorted.sort(null);
    double median = sorted.get(sorted.size() / 2);
    cold.put("status", "measured");
    cold.put("runs", times.stream().map(CompileBench::round).toList());
    cold.put("median_seconds", round(median));
    cold.put("pipelines_per_second", round(pipelines / median));
    if (!cpuTimes.isEmpty()) {
      List<Double> cpuSorted = new ArrayList<>(cpuTimes);
      cpuSorted.sort(null);
      cold.put("cpu_seconds", cpuTimes.stream().map(CompileBench::round).toList());
      cold.put("median_cpu_seconds", round(cpuSorted.get(cpuSorted.size() / 2)));
    }
    return cold;
  }

  // ---- the generated project -------------------------------------------------------------------

  /** Writes the project; returns the number of include fragments. */
  static int generate(Path dir, int pipelines) throws IOException {
    write(dir, "mbt_project.yaml", "name: bench\nprofile: bench\nvars:\n  run_id: bench_run\n");
    write(dir, "profiles.yaml", """
        bench:
          target: dev
          secrets: {provider: env, config: {}}
          outputs:
            dev:
              executor: {type: local, config: {}}
              storage: {type: local, config: {base_path: ./local_artifacts}}
              data_connector: {type: local_file, config: {data_path: ./sample_data, format: csv, csv_options: {header: true}}}
              model_registry: {type: local, config: {path: ./mbt_registry}}
              resources: {cpu: "2", memory: "4Gi"}
            prod:
              storage:
                type: s3
                config: {bucket: "{{ env_var('BUCKET', 'ml-artifacts') }}", access_key: "{{ secret('aws/access_key') }}"}
              data_connector: {type: catalog, config: {database: ml}}
              resources: {cpu: "8", memory: "16Gi"}
        """);
    int fragments = 0;
    for (int b = 0; b < 5; b++) {
      boolean regression = PROBLEMS[b].equals("regression");
      boolean multiclass = PROBLEMS[b].equals("multiclass_classification");
      write(dir, "includes/schema_" + b + ".yaml", """
          target:
            label_column: label_%d
          %s
          identifiers:
            primary_key: id
            partition_key: snapshot_date
          ignored_columns: [email, phone]
          categorical_columns: [region, plan, channel]
          column_types:
            amount: double
            snapshot_date: date
          """.formatted(b, regression ? "" : multiclass ? "  classes: [a, b, c]\n" : "  classes: [\"0\", \"1\"]\n  positive_class: \"1\"\n"));
      fragments++;
      write(dir, "includes/source_" + b + ".yaml", """
          label_table: table_%d
          feature_tables:
            - table: table_%d
            - table: extra_%d
              join_key: id
              join_type: left
          data_windows:
            label_window: {offset: -1, unit: month}
            train_window: {duration: 12, unit: month}
          min_rows: 1000
          """.formatted(b, b, b));
      fragments++;
      write(dir, "pipelines/_base_" + b + ".yaml", """
          schema_version: 1
          project:
            experiment_name: bench_%d
            owner: bench_team
            problem_type: %s
            tags: [bench, base_%d]
          deployment: {mode: batch, cadence: monthly}
          training:
            data_source: !include includes/source_%d.yaml
            schema: !include includes/schema_%d.yaml
            validation: !include includes/validation.yaml
            transformations:
              encoding: {enabled: true, method: one_hot}
              normalization: {enabled: true, method: standard_scaler}
            evaluation:
              primary_metric: %s
              additional_metrics: [%s]
          """.formatted(b, PROBLEMS[b], b, b, b, regression ? "rmse" : multiclass ? "f1" : "roc_auc",
          regression ? "mae, r2" : multiclass ? "accuracy" : "accuracy, f1"));
    }
    write(dir, "includes/validation.yaml", """
        on_failure: fail
        checks:
          - {type: expected_columns, columns: [id, snapshot_date, amount, region]}
          - {type: null_threshold, columns: [id], max_null_pct: 0.0}
          - {type: null_threshold, columns: "*", max_null_pct: 0.05, on_failure: warn}
          - {type: value_range, column: amount, min: 0, max: 100000}
          - {type: unique_key, columns: [id, snapshot_date]}
        """);
    fragments++;
    write(dir, "includes/serving_output.yaml", "destination: delta\npath: predictions/bench\ninclude_columns: [id]\n");
    fragments++;
    for (int i = 0; i < pipelines; i++) {
      String name = String.format(Locale.ROOT, "p%04d", i);
      if (i % 10 == 9) {
        write(dir, "pipelines/" + name + ".yaml", """
            schema_version: 1
            project:
              name: %s
              problem_type: binary_classification
              tags: [bench, serving]
            serving:
              model_source:
                run_id: "{{ var('run_id') }}"
              data_source:
                scoring_table: scoring_%d
              output: !include includes/serving_output.yaml
            """.formatted(name, i % 5));
        continue;
      }
      int b = i % 5;
      write(dir, "pipelines/" + name + ".yaml", "schema_version: 1\nbase_pipeline: _base_" + b + "\nproject:\n  name: " + name
          + "\n  tags: [bench, p" + (i % 7) + "]\ntraining:\n" + modelTraining(PROBLEMS[b], i) + (i % 3 == 0 ? """
            feature_selection:
              enabled: true
              methods: [{name: importance, threshold: 0.95}]
          """ : ""));
    }
    return fragments;
  }

  private static String modelTraining(String problem, int i) {
    String seed = "\"{{ var('seed', " + i + ") }}\"";
    return switch (problem.equals("regression") ? i % 3 : problem.equals("multiclass_classification") ? 3 + i % 2 : 5 + i % 4) {
      case 0, 3, 5 -> "  model_training:\n    framework: xgboost\n    config: {n_estimators: " + (100 + i % 200) + ", max_depth: " + (3 + i % 6)
          + ", learning_rate: 0.1, seed: " + seed + "}\n    resources: {cpu: \"4\", memory: \"8Gi\"}\n";
      case 1, 6 -> "  model_training:\n    framework: mllib_gbt\n    config: {max_iter: " + (20 + i % 50) + ", max_depth: 5, seed: " + seed + "}\n";
      case 2, 4 -> "  model_training:\n    framework: mllib_random_forest\n    config: {num_trees: " + (50 + i % 100) + ", seed: " + seed + "}\n";
      case 7 -> "  model_training:\n    framework: automl\n    config: {max_runtime_secs: 600, max_models: 10, sort_metric: AUC, seed: 42}\n";
      default -> "  model_training:\n    framework: mllib_logistic_regression\n    config: {max_iter: 100, reg_param: 0.01}\n";
    };
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static void write(Path dir, String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** The 1, 5 and 15 minute load averages, or "unknown" off Linux. */
  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static Map<String, Object> stats(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median", round(sorted.get(sorted.size() / 2)));
    m.put("best", round(sorted.get(sorted.size() - 1)));
    m.put("worst", round(sorted.get(0)));
    m.put("passes", values.stream().map(CompileBench::round).toList());
    return m;
  }

  private static void row(String name, String value) {
    System.out.printf(Locale.ROOT, "| %-45s | %-30s |%n", name, value);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, found " + args[i]);
      }
      out.put(args[i].substring(2), args[i + 1]);
    }
    if (!out.containsKey("dir")) {
      throw new IllegalArgumentException("--dir DIR (where to generate the project) is required");
    }
    return out;
  }
}
