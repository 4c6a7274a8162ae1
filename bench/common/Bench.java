import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers the benchmarks share: options, medians, rounding, and the machine's load and memory. */
final class Bench {
  private Bench() {}

  /** The median; the mean of the middle two for an even count. */
  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The 1, 5 and 15 minute load averages, or "unknown" off Linux. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static Object memTotalMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // off Linux
    }
    return "unknown";
  }

  static <K> Map<K, Double> roundMap(Map<K, Double> values) {
    Map<K, Double> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, round(v)));
    return out;
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static double round(double v) {
    return Double.isNaN(v) ? -1 : Math.round(v * 100) / 100.0;
  }

  static double round3(double v) {
    return Double.isNaN(v) ? -1 : Math.round(v * 1000) / 1000.0;
  }

  static double round4(double v) {
    return Double.isNaN(v) ? -1 : Math.round(v * 10000) / 10000.0;
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, found " + args[i]);
      }
      out.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
    }
    if (!out.containsKey("dir")) {
      throw new IllegalArgumentException("--dir DIR (where to generate the data and the project) is required");
    }
    return out;
  }

  /** The machine and Spark settings a figure depends on, for the JSON report. */
  static Map<String, Object> machine(org.apache.spark.sql.SparkSession spark, String loadBefore, String loadAfter) {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("memory_total_mb", memTotalMb());
    machine.put("java", System.getProperty("java.version"));
    machine.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    machine.put("spark", spark.version());
    machine.put("spark_master", spark.sparkContext().master());
    machine.put("spark_sql_shuffle_partitions", spark.conf().get("spark.sql.shuffle.partitions"));
    // Other work on the machine (builds, tests) slows every figure; the load average says how much there was.
    machine.put("load_average_start", loadBefore);
    machine.put("load_average_end", loadAfter);
    return machine;
  }

  /**
   * Writes a generated project's mbt_project.yaml and profiles.yaml: one local target (local
   * storage and registry, the {@code local_file} connector reading {@code dataDir} as {@code format}).
   */
  static void writeProject(Path dir, String name, String dataDir, String format) throws IOException {
    write(dir, "mbt_project.yaml", "name: " + name + "\nprofile: " + name + "\n");
    write(dir, "profiles.yaml", """
        %s:
          target: dev
          secrets: {provider: env, config: {}}
          outputs:
            dev:
              executor: {type: local, config: {}}
              storage: {type: local, config: {base_path: ./local_artifacts}}
              data_connector: {type: local_file, config: {data_path: ./%s, format: %s}}
              model_registry: {type: local, config: {path: ./mbt_registry}}
              resources: {cpu: "2", memory: "8Gi"}
        """.formatted(name, dataDir, format));
  }

  static void write(Path dir, String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
  }
}
