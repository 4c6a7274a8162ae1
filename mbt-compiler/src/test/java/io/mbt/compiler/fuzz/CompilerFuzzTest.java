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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throws thousands of broken documents at the compiler. Whatever the input, compilation either
 * succeeds or fails with a {@link CompileException} whose every problem says what is wrong and
 * where; nothing else escapes, and nothing hangs.
 *
 * <p>Deterministic: {@code -Dmbt.fuzz.seed=N} and {@code -Dmbt.fuzz.cases=N} change the run.
 */
class CompilerFuzzTest {
  private static final long SEED = Long.getLong("mbt.fuzz.seed", 20260101L);
  private static final int CASES = Integer.getInteger("mbt.fuzz.cases", 3000);
  private static final boolean TIMINGS = Boolean.getBoolean("mbt.fuzz.timings");
  private static final Duration BUDGET = Duration.ofSeconds(30);

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
        .write("../outside.yaml", "a: 1\n");
    List<String> valid = List.of(Pipelines.training("f"), Pipelines.fullTraining("f"), Pipelines.serving("f"),
        "schema_version: 1\nbase_pipeline: _base\nproject:\n  name: f\ntraining:\n  schema: !include includes/schema.yaml\n",
        Pipelines.training("f") + "  custom_steps:\n    - name: audit\n      class: com.acme.Audit\n      depends_on: [evaluate]\n"
            + "      before: [log_run]\n  step_resources:\n    evaluate: {memory: \"8Gi\"}\n");
    for (String doc : valid) {
      project.pipeline("f", doc);
      project.compile("f"); // the seeds themselves compile
    }
    Compiler compiler = project.compiler(); // the project's files are fixed; only pipelines/f.yaml changes
    YamlMutator mutator = new YamlMutator(SEED, valid);
    List<Failure> failures = new ArrayList<>();
    int[] outcomes = new int[2];
    long[] slowest = {0, -1};

    assertTimeoutPreemptively(BUDGET, () -> {
      for (int i = 0; i < CASES; i++) {
        String doc = mutator.next();
        CompileOptions options = i % 7 == 0 ? project.options().withVars(Map.of("execution_date", i % 14 == 0 ? "2025-06-01" : "soon"))
            : project.options();
        long start = System.nanoTime();
        String problem = compileOnce(project, compiler, doc, options, outcomes);
        long took = System.nanoTime() - start;
        if (took > slowest[0]) {
          slowest[0] = took;
          slowest[1] = i;
        }
        if (TIMINGS) {
          System.out.printf("case %d %.1f ms%n", i, took / 1e6);
        }
        if (problem != null) {
          failures.add(new Failure(i, doc, problem));
        }
      }
    }, () -> "compiling " + CASES + " generated documents took longer than " + BUDGET);

    assertThat(failures).as("generated documents that broke the compiler's contract (first 3 shown)\n%s",
        failures.stream().limit(3).map(Failure::toString).reduce("", (a, b) -> a + b + "\n")).isEmpty();
    assertThat(outcomes[0] + outcomes[1]).isEqualTo(CASES);
    assertThat(outcomes[1]).as("most mutations are errors").isGreaterThan(CASES / 2);
    assertThat(Duration.ofNanos(slowest[0])).as("slowest case %s", slowest[1]).isLessThan(Duration.ofSeconds(5));
  }

  /** Compiles one document; returns what went wrong with the contract, or null. */
  private static String compileOnce(TestProject project, Compiler compiler, String doc, CompileOptions options, int[] outcomes) {
    try {
      byte[] bytes = doc.getBytes(StandardCharsets.UTF_8); // lone surrogates become '?'
      if (doc.contains("\u0000\u0000")) {
        bytes[bytes.length / 2] = (byte) 0xFF; // not UTF-8 at all
      }
      project.writeBytes("pipelines/f.yaml", bytes);
      CompileResult result = compiler.compile("f", options);
      ManifestJson.write(result.manifest());
      for (CompileProblem warning : result.warnings()) {
        String bad = checkProblem(warning);
        if (bad != null) {
          return bad;
        }
      }
      outcomes[0]++;
      return null;
    } catch (CompileException e) {
      outcomes[1]++;
      if (TIMINGS) {
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
