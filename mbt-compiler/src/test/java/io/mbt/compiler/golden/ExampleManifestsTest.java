package io.mbt.compiler.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.mbt.compiler.CompileOptions;
import io.mbt.compiler.Compiler;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.project.ProjectConfig;
import io.mbt.compiler.project.ProjectLoader;
import io.mbt.compiler.spi.PluginRegistry;
import io.mbt.compiler.testing.DagAssertions;
import io.mbt.compiler.testing.DagTestFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files of the example projects: every pipeline of {@code examples/telecom-churn} and
 * {@code examples/bike-sharing} compiles to exactly the manifest in
 * {@code src/test/resources/golden/<project>/<pipeline>.manifest.json}. Compilation uses a fixed
 * clock, fixed vars and an empty environment; nothing in the manifest is masked, so a change to
 * the compiler's output or to an example (even a comment: source digests are recorded) shows up
 * here. Run with {@code -Dmbt.golden.update=true} to rewrite the golden files after a deliberate
 * change, then review the diff.
 *
 * <p>Also runs every {@code tests/*.test.yaml} of the examples through {@link DagAssertions}.
 */
class ExampleManifestsTest {
  static final List<String> EXAMPLES = List.of("telecom-churn", "bike-sharing");
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final Map<String, String> VARS = Map.of("run_id", "golden_run");
  private static final boolean UPDATE = Boolean.getBoolean("mbt.golden.update");
  private static final PluginRegistry PLUGINS = PluginRegistry.load();

  /** The module directory (Surefire sets basedir; IDEs usually run tests there); examples/ is beside it. */
  private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  private static final Path EXAMPLES_DIR = MODULE.getParent().resolve("examples");
  private static final Path GOLDEN_DIR = MODULE.resolve("src/test/resources/golden");

  static CompileOptions options() {
    return CompileOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)).withVars(VARS).withEnvironment(key -> null);
  }

  private static Compiler compiler(String example) {
    return new Compiler(ProjectLoader.load(EXAMPLES_DIR.resolve(example)), PLUGINS);
  }

  @TestFactory
  Stream<DynamicTest> everyExamplePipelineCompilesToItsGoldenManifest() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String example : EXAMPLES) {
      Compiler compiler = compiler(example);
      assertThat(compiler.catalog().names()).as("pipelines of %s", example).isNotEmpty();
      for (String pipeline : compiler.catalog().names()) {
        tests.add(dynamicTest(example + "/" + pipeline, () -> {
          String actual = ManifestJson.write(compiler.compile(pipeline, options()).manifest()) + "\n";
          Path golden = GOLDEN_DIR.resolve(example).resolve(pipeline + ".manifest.json");
          if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
          }
          if (!Files.isRegularFile(golden)) {
            fail("no golden file " + MODULE.relativize(golden) + " for " + example + "/" + pipeline
                + "; create it with: mvn -pl mbt-compiler test -Dtest=ExampleManifestsTest -Dmbt.golden.update=true");
          }
          compare(example + "/" + pipeline, Files.readString(golden, StandardCharsets.UTF_8), actual, golden);
        }));
      }
      tests.add(dynamicTest(example + ": no stale golden files", () -> {
        Path dir = GOLDEN_DIR.resolve(example);
        List<String> stale = new ArrayList<>();
        if (Files.isDirectory(dir)) {
          try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> !compiler.catalog().names().contains(f.getFileName().toString().replace(".manifest.json", "")))
                .forEach(f -> stale.add(f.getFileName().toString()));
          }
        }
        if (UPDATE) {
          for (String name : stale) {
            Files.delete(dir.resolve(name));
          }
          return;
        }
        assertThat(stale).as("golden files in %s without a pipeline (rerun with -Dmbt.golden.update=true to delete them)",
            MODULE.relativize(dir)).isEmpty();
      }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyExampleDagTestPasses() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String example : EXAMPLES) {
      Compiler compiler = compiler(example);
      List<Path> files = testFiles(compiler.project());
      assertThat(files).as("tests/*.test.yaml of %s", example).isNotEmpty();
      for (Path file : files) {
        String display = compiler.project().root().relativize(file).toString();
        tests.add(dynamicTest(example + "/" + display, () -> {
          DagTestFile test = DagTestFile.read(file, display);
          Manifest manifest = compiler.compile(test.pipeline(), options()).manifest();
          List<DagAssertions.Outcome> outcomes = DagAssertions.check(manifest, test.assertions());
          assertThat(outcomes).as("assertions of %s", display).hasSameSizeAs(test.assertions());
          assertThat(outcomes.stream().filter(o -> !o.passed()).map(o -> o.assertion().location() + ": " + o.assertion().describe()
              + ": " + o.message()).toList()).as("failed assertions of %s/%s", example, display).isEmpty();
        }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyTargetKeepsSecretValuesOutOfManifests() {
    String secretValue = "secret-value-that-must-never-appear";
    List<DynamicTest> tests = new ArrayList<>();
    for (String example : EXAMPLES) {
      Compiler compiler = compiler(example);
      for (String target : targets(compiler.project())) {
        for (String pipeline : compiler.catalog().names()) {
          tests.add(dynamicTest(example + "/" + pipeline + " --target " + target, () -> {
            List<String> keys = compiler.compile(pipeline, options().withTarget(target)).manifest().metadata().secretsReferenced();
            // The environment now holds every secret under its key and its env-provider name (aws/key -> AWS_KEY).
            Map<String, String> environment = new java.util.HashMap<>();
            keys.forEach(k -> {
              environment.put(k, secretValue);
              environment.put(k.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), secretValue);
            });
            Manifest manifest = compiler.compile(pipeline, options().withTarget(target).withEnvironment(environment::get)).manifest();
            String json = ManifestJson.write(manifest);
            assertThat(json).doesNotContain(secretValue);
            assertThat(manifest.metadata().secretsReferenced()).isEqualTo(keys);
            for (String key : keys) {
              assertThat(json).containsAnyOf("\"secret:" + key + "\"", "${secret:" + key + "}");
            }
          }));
        }
      }
    }
    return tests.stream();
  }

  @org.junit.jupiter.api.Test
  void theExamplesExerciseSecretReferences() {
    List<String> referenced = new ArrayList<>();
    for (String example : EXAMPLES) {
      Compiler compiler = compiler(example);
      for (String target : targets(compiler.project())) {
        for (String pipeline : compiler.catalog().names()) {
          referenced.addAll(compiler.compile(pipeline, options().withTarget(target)).manifest().metadata().secretsReferenced());
        }
      }
    }

    assertThat(referenced).as("secret() references in the examples' profiles and pipelines").isNotEmpty();
  }

  /** The targets of the project's profile, read from profiles.yaml. */
  private static List<String> targets(ProjectConfig project) {
    Map<?, ?> profiles = (Map<?, ?>) io.mbt.compiler.yaml.YamlReader.readFile(project.root().resolve("profiles.yaml"), "profiles.yaml").toPlain();
    Map<?, ?> profile = (Map<?, ?>) profiles.get(project.profile());
    return ((Map<?, ?>) profile.get("outputs")).keySet().stream().map(String::valueOf).toList();
  }

  private static List<Path> testFiles(ProjectConfig project) {
    List<Path> files = new ArrayList<>();
    for (Path dir : project.testDirs()) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(f -> f.getFileName().toString().endsWith(".test.yaml")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  /** Fails at the first differing line, showing both lines, rather than printing two whole manifests. */
  private static void compare(String what, String expected, String actual, Path golden) {
    if (expected.equals(actual)) {
      return;
    }
    List<String> want = expected.lines().toList();
    List<String> got = actual.lines().toList();
    int line = 0;
    while (line < want.size() && line < got.size() && want.get(line).equals(got.get(line))) {
      line++;
    }
    fail("manifest of " + what + " differs from " + MODULE.relativize(golden) + " at line " + (line + 1) + ":\n"
        + "  golden:   " + (line < want.size() ? want.get(line).strip() : "<end of file>") + "\n"
        + "  compiled: " + (line < got.size() ? got.get(line).strip() : "<end of file>") + "\n"
        + "If the change is intended, rewrite the golden files with -Dmbt.golden.update=true and review the diff.");
  }
}
