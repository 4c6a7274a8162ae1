package io.mbt.driver.cli;

import io.mbt.compiler.Compiler;
import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.testing.DagAssertions;
import io.mbt.compiler.testing.DagTestFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mbt test [name]}: compiles pipelines and checks the DAG assertions of {@code tests/*.test.yaml}. */
@Command(name = "test", mixinStandardHelpOptions = true, description = "Run the DAG assertion tests in tests/*.test.yaml.")
final class TestCommand implements Callable<Integer> {
  @Mixin ProjectOptions options;

  @Parameters(arity = "0..*", paramLabel = "PIPELINE", description = "Only tests of these pipelines (default: all).")
  List<String> names = List.of();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Compiler compiler = options.compiler();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    names.forEach(n -> compiler.catalog().require(n));
    List<Path> files = new ArrayList<>();
    for (Path dir : compiler.project().testDirs()) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.walk(dir)) {
          s.filter(p -> p.getFileName().toString().endsWith(".test.yaml") || p.getFileName().toString().endsWith(".test.yml")).sorted().forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    Map<String, Manifest> compiled = new HashMap<>();
    int passed = 0;
    int failed = 0;
    for (Path file : files) {
      String display = compiler.catalog().display(file);
      DagTestFile test;
      try {
        test = DagTestFile.read(file, display);
      } catch (CompileException e) {
        MbtCli.printProblems(err, e);
        failed++;
        continue;
      }
      if (!names.isEmpty() && !names.contains(test.pipeline())) {
        continue;
      }
      Manifest manifest;
      try {
        manifest = compiled.computeIfAbsent(test.pipeline(), n -> compiler.compile(n, options.compileOptions()).manifest());
      } catch (CompileException e) {
        out.println("FAIL  " + display + ": pipeline " + test.pipeline() + " does not compile");
        MbtCli.printProblems(err, e);
        failed += test.assertions().size();
        continue;
      }
      for (DagAssertions.Outcome o : DagAssertions.check(manifest, test.assertions())) {
        if (o.passed()) {
          passed++;
          out.println("PASS  " + test.pipeline() + ": " + o.assertion().describe());
        } else {
          failed++;
          out.println("FAIL  " + test.pipeline() + ": " + o.assertion().describe() + " — " + o.message() + " (" + o.assertion().location() + ")");
        }
      }
    }
    out.println(passed + " passed, " + failed + " failed");
    return failed == 0 ? MbtCli.OK : MbtCli.FAILED;
  }
}
