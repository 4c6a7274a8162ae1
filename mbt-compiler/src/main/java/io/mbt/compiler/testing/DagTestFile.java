package io.mbt.compiler.testing;

import static io.mbt.compiler.validate.Shapes.object;
import static io.mbt.compiler.validate.Shapes.string;

import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Problems;
import io.mbt.compiler.validate.Binder;
import io.mbt.compiler.validate.Shape;
import io.mbt.compiler.validate.Shapes;
import io.mbt.compiler.yaml.YNode;
import io.mbt.compiler.yaml.YamlReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A parsed DAG test file: the pipeline it tests and its assertions. */
public record DagTestFile(String file, String pipeline, List<DagAssertion> assertions) {
  public DagTestFile {
    assertions = List.copyOf(assertions);
  }

  private static final List<String> TYPES = List.of("step_exists", "step_absent", "step_order", "step_count", "resource_limit");

  public static DagTestFile read(Path file, String display) {
    YNode root = YamlReader.readFile(file, display);
    Problems problems = new Problems();
    DagTestFile parsed = new Binder(problems).bind(root, object("a DAG test file", f -> {
      String pipeline = f.required("pipeline", Shapes.identifier());
      List<DagAssertion> assertions = f.required("assertions", Shapes.nonEmptyListOf(assertion()));
      return pipeline == null || assertions == null ? null : new DagTestFile(display, pipeline, assertions);
    }));
    problems.throwIfErrors();
    return parsed;
  }

  private static Shape<DagAssertion> assertion() {
    return object("an assertion with a type", f -> {
      String type = f.required("type", Shapes.oneOf(TYPES));
      if (type == null) {
        f.allow(f.node().keys().toArray(String[]::new));
        return null;
      }
      return switch (type) {
        case "step_exists" -> new DagAssertion.StepExists(f.required("step", string()), f.location());
        case "step_absent" -> new DagAssertion.StepAbsent(f.required("step", string()), f.location());
        case "step_order" -> new DagAssertion.StepOrder(f.required("before", string()), f.required("after", string()), f.location());
        case "step_count" -> {
          Optional<Long> equals = f.optional("equals", Shapes.integer(0, 1000));
          Optional<Long> min = f.optional("min", Shapes.integer(0, 1000));
          Optional<Long> max = f.optional("max", Shapes.integer(0, 1000));
          f.check(equals.isPresent() || min.isPresent() || max.isPresent(), "min", ErrorCode.MISSING_REQUIRED,
              "step_count needs min, max or equals", "add e.g. 'min: 5' and 'max: 8'");
          yield new DagAssertion.StepCount(equals.or(() -> min), equals.or(() -> max), f.location());
        }
        default -> {
          String step = f.required("step", string());
          Optional<String> memory = f.optional("memory_max", Shapes.memoryQuantity());
          Optional<String> cpu = f.optional("cpu_max", Shapes.cpuQuantity());
          f.check(memory.isPresent() || cpu.isPresent(), "step", ErrorCode.MISSING_REQUIRED, "resource_limit needs memory_max or cpu_max",
              "add e.g. 'memory_max: \"64Gi\"'");
          yield new DagAssertion.ResourceLimit(step, memory, cpu, f.location());
        }
      };
    });
  }
}
