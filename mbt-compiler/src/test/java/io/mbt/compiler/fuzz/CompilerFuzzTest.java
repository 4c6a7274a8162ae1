package io.mbt.compiler.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mbt.compiler.CompileOptions;
import io.mbt.compiler.CompileResult;
import io.mbt.compiler.Compiler;
import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.fixtures.Pipelines;
import io.mbt.compiler.fixtures.TestProject;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.testing.DagAssertions;
import io.mbt.compiler.testing.DagTestFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throws thousands of broken documents at the compiler. Whatever the input, compilation either
 * succeeds or fails with a {@link CompileException} whose every problem says what is wrong and
 * where; nothing else escapes, and nothing hangs.
 *
 * <p>Mostly pipeline files, but also profiles.yaml, mbt_project.yaml and DAG test files. Runs up
 * to 3000 cases, starting no new one after 20 s (a busy machine runs fewer), and fails if any case
 * does not finish within 25 s of the start.
 *
 * <p>Deterministic: {@code -Dmbt.fuzz.seed=N} and {@code -Dmbt.fuzz.cases=N} change the run;
 * {@code -Dmbt.fuzz.verbose=true} prints each case's time and error codes.
 */
class CompilerFuzzTest {
  private static final long SEED = Long.getLong("mbt.fuzz.seed", 20260101L);
  private static final int CASES = Integer.getInteger("mbt.fuzz.cases", 3000);
  private static final boolean VERBOSE = Boolean.getBoolean("mbt.fuzz.verbose");
  /** The generated cases must finish within this (the whole test, with setup, within 30 s); a case that hangs fails it. */
  private static final Duration BUDGET = Duration.ofSeconds(25);
  /** No new case starts after this, so a slow (busy) machine runs fewer cases instead of failing. */
  private static final Duration GENERATION_DEADLINE = Duration.ofSeconds(20);
  /**
   * Fewer cases than this before the deadline means the compiler became far slower: fail. Low on
   * purpose: an idle 2-core machine runs all 3000 cases in under 10 s, but one saturated by other
   * builds manages only a few hundred.
   */
  private static final int MIN_CASES = 200;

  private static final List<String> PROFILES = List.of(TestProject.PROFILES_FILE, """
      demo:
        target: dev
        secrets: {provider: env, config: {prefix: MBT_}}
        spark:
          master: "local[2]"
          conf: {spark.sql.shuffle.partitions: "4"}
        resources: {cpu: "1", memory: "2Gi"}
        outputs:
          dev:
            storage: {type: local, config: {base_path: ./artifacts}}
            data_connector: {type: local_file, config: {data_path: ./data, format: csv, csv_options: {header: true}}}
          prod:
            executor: {type: local, config: {master: yarn, spark_conf: {spark.dynamicAllocation.enabled: "false"}}}
            storage:
              type: s3
              config:
                bucket: "{{ env_var('BUCKET', 'models') }}"
                access_key: "{{ secret('aws/key') }}"
            data_connector: {type: catalog, config: {database: ml}}
            model_registry: {type: mlflow, config: {tracking_uri: "http://127.0.0.1:5000", token: "{{ secret('mlflow') }}"}}
            resources: {cpu: "8", memory: "16Gi", gpu: 1}
      """);
  private static final List<String> PROJECTS = List.of(TestProject.PROJECT_FILE, """
      name: demo
      profile: demo
      version: "1.0"
      pipeline_paths: [pipelines]
      test_paths: [tests]
      target_path: target
      lib_paths: [lib]
      vars:
        run_id: latest
        execution_date: "2025-12-01"
      """);
  private static final List<String> DAG_TESTS = List.of("""
      pipeline: f
      assertions:
        - {type: step_exists, step: train_model}
        - {type: step_absent, step: encode}
        - {type: step_order, before: split_data, after: train_model}
        - {type: step_count, min: 3, max: 20}
        - {type: step_count, equals: 5}
        - {type: resource_limit, step: train_model, memory_max: "64Gi", cpu_max: "16"}
      """);

  @TempDir
  Path dir;

  /** One generated input that broke the contract. */
  private record Failure(int index, String document, String what) {
    @Override
    public String toString() {
      return "case " + index + " (seed " + SEED + "): " + what + "\n--- document ---\n" + document + "\n---";
    }
  }

  @Test
  void neverThrowsAnythingButLocatedCompileExceptionsAndNeverHangs() {
    TestProject project = TestProject.in(dir.resolve("project"))
        .pipeline("_base", Pipelines.training("unused").replace("  name: unused\n", ""))
        .pipeline("_chained", "schema_version: 1\nbase_pipeline: _base\n")
        .write("includes/schema.yaml", "target:\n  label_column: churned\n")
        .write("includes/cycle_a.yaml", "a: !include includes/cycle_b.yaml\n")
        .write("includes/cycle_b.yaml", "b: !include includes/cycle_a.yaml\n")
        .write("includes/empty.yaml", "")
        .write("includes/null.yaml", "~\n")
        .write("includes/list.yaml", "- a\n- b\n")
        .write("../outside.yaml", "a: 1\n")
        .write(Input.DAG_TEST.path, Input.DAG_TEST.seed);
    List<String> valid = List.of(Pipelines.training("f"), Pipelines.fullTraining("f"), Pipelines.serving("f"),
        "schema_version: 1\nbase_pipeline: _base\nproject:\n  name: f\ntraining:\n  schema: !include includes/schema.yaml\n",
        Pipelines.training("f") + "  custom_steps:\n    - name: audit\n      class: com.acme.Audit\n      depends_on: [evaluate]\n"
            + "      before: [log_run]\n  step_resources:\n    evaluate: {memory: \"8Gi\"}\n");
    for (String doc : valid) {
      project.pipeline("f", doc);
      project.compile("f"); // the seeds themselves compile
    }
    for (String doc : PROFILES) {
      project.write("profiles.yaml", doc);
      project.compile("f", project.options().withTarget("dev"));
      if (doc.contains("prod:")) {
        project.compile("f", project.options().withTarget("prod"));
      }
    }
    project.pipeline("f", Input.PIPELINE.seed).write("profiles.yaml", Input.PROFILES.seed);
    Compiler compiler = project.compiler(); // reused: only mbt_project.yaml cases need a new one, and they build it
    YamlMutator mutator = new YamlMutator(SEED, valid);
    List<Failure> failures = new ArrayList<>();
    int[] outcomes = new int[2];
    long[] slowest = {0, -1};
    AtomicReference<String> current = new AtomicReference<>("none"); // read by the timeout's thread
    long deadline = System.nanoTime() + GENERATION_DEADLINE.toNanos();

    assertTimeoutPreemptively(BUDGET, () -> {
      for (int i = 0; i < CASES && System.nanoTime() < deadline; i++) {
        int roll = mutator.nextInt(100);
        Input input = roll < 75 ? Input.PIPELINE : roll < 87 ? Input.PROFILES : roll < 92 ? Input.PROJECT : Input.DAG_TEST;
        String doc = mutator.next(input == Input.PIPELINE ? valid : input == Input.PROFILES ? PROFILES
            : input == Input.PROJECT ? PROJECTS : DAG_TESTS);
        CompileOptions options = i % 7 == 0 ? project.options().withVars(Map.of("execution_date", i % 14 == 0 ? "2025-06-01" : "soon"))
            : i % 11 == 0 ? project.options().withTarget(i % 22 == 0 ? "prod" : "qa") : project.options();
        current.set("case " + i + " (seed " + SEED + "), " + input + ":\n" + doc);
        long start = System.nanoTime();
        String problem = compileOnce(project, compiler, input, doc, options, outcomes);
        long took = System.nanoTime() - start;
        if (VERBOSE) {
          System.out.printf("case %d %.1f ms%n", i, took / 1e6);
        }
        if (took > slowest[0]) {
          slowest[0] = took;
          slowest[1] = i;
        }
        if (problem != null) {
          failures.add(new Failure(i, input + ":\n" + doc, problem));
        }
      }
    }, () -> "the compiler hangs on " + current.get());

    assertThat(failures).as("generated documents that broke the compiler's contract (first 3 shown)\n%s",
        failures.stream().limit(3).map(Failure::toString).reduce("", (a, b) -> a + b + "\n")).isEmpty();
    int ran = outcomes[0] + outcomes[1];
    System.out.printf("fuzz: %d cases (seed %d): %d compiled, %d rejected with located problems; slowest %.0f ms (case %d)%n", ran, SEED,
        outcomes[0], outcomes[1], slowest[0] / 1e6, slowest[1]);
    assertThat(ran).as("cases compiled within %s (of %s)", GENERATION_DEADLINE, CASES).isGreaterThanOrEqualTo(Math.min(CASES, MIN_CASES));
    assertThat(outcomes[1]).as("most mutations are errors").isGreaterThan(ran / 2);
    assertThat(Duration.ofNanos(slowest[0])).as("slowest case %s", slowest[1]).isLessThan(Duration.ofSeconds(5));
  }

  /** Which file of the project a generated document replaces. */
  private enum Input {
    PIPELINE("pipelines/f.yaml", Pipelines.training("f")),
    PROFILES("profiles.yaml", TestProject.PROFILES_FILE),
    PROJECT("mbt_project.yaml", TestProject.PROJECT_FILE),
    DAG_TEST("tests/f.test.yaml", DAG_TESTS.get(0));

    final String path;
    /** What the file holds between cases. */
    final String seed;

    Input(String path, String seed) {
      this.path = path;
      this.seed = seed;
    }
  }

  /**
   * Writes one document over its file (the other files hold their valid seeds) and compiles;
   * returns what went wrong with the contract, or null.
   */
  private static String compileOnce(TestProject project, Compiler compiler, Input input, String doc, CompileOptions options, int[] outcomes) {
    try {
      byte[] bytes = doc.getBytes(StandardCharsets.UTF_8); // lone surrogates become '?'
      if (doc.contains("\u0000\u0000")) {
        bytes[bytes.length / 2] = (byte) 0xFF; // not UTF-8 at all
      }
      project.writeBytes(input.path, bytes);
      try {
        switch (input) {
          case PROJECT -> {
            Compiler fresh = project.compiler();
            for (String name : fresh.catalog().names()) {
              ManifestJson.write(fresh.compile(name, options).manifest());
            }
          }
          case DAG_TEST -> {
            DagTestFile test = DagTestFile.read(project.root().resolve(input.path), input.path);
            DagAssertions.check(compiler.compile("f", options).manifest(), test.assertions());
          }
          default -> {
            CompileResult result = compiler.compile("f", options);
            ManifestJson.write(result.manifest());
            for (CompileProblem warning : result.warnings()) {
              String bad = checkProblem(warning);
              if (bad != null) {
                return bad;
              }
            }
          }
        }
        outcomes[0]++;
        return null;
      } finally {
        project.write(input.path, input.seed);
      }
    } catch (CompileException e) {
      outcomes[1]++;
      if (VERBOSE) {
        System.out.println("codes " + e.problems().stream().map(p -> p.code().id()).distinct().sorted().toList());
      }
      if (e.problems().isEmpty()) {
        return "CompileException without problems";
      }
      for (CompileProblem p : e.problems()) {
        String bad = checkProblem(p);
        if (bad != null) {
          return bad;
        }
      }
      return null;
    } catch (Throwable t) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      return "threw " + t + "\n" + trace.toString().lines().limit(12).reduce("", (a, b) -> a + b + "\n");
    }
  }

  private static String checkProblem(CompileProblem p) {
    if (p.message().isBlank()) {
      return "a problem without a message: " + p.format();
    }
    Location at = p.location();
    if (at.file().isBlank() || at.equals(Location.UNKNOWN) || at.file().equals(Location.UNKNOWN.file())) {
      return "a problem without a location: " + p.format();
    }
    return null;
  }
}
