package io.mbt.compiler.testing;

import io.mbt.compiler.error.Location;
import java.util.Optional;

/** One assertion of a {@code tests/*.test.yaml} file (blueprint §14.2). */
public sealed interface DagAssertion {
  Location location();

  String describe();

  record StepExists(String step, Location location) implements DagAssertion {
    public String describe() {
      return "step_exists " + step;
    }
  }

  record StepAbsent(String step, Location location) implements DagAssertion {
    public String describe() {
      return "step_absent " + step;
    }
  }

  record StepOrder(String before, String after, Location location) implements DagAssertion {
    public String describe() {
      return "step_order " + before + " before " + after;
    }
  }

  record StepCount(Optional<Long> min, Optional<Long> max, Location location) implements DagAssertion {
    public String describe() {
      return "step_count " + min.map(m -> ">= " + m).orElse("") + (min.isPresent() && max.isPresent() ? " and " : "") + max.map(m -> "<= " + m).orElse("");
    }
  }

  record ResourceLimit(String step, Optional<String> memoryMax, Optional<String> cpuMax, Location location) implements DagAssertion {
    public String describe() {
      return "resource_limit " + step + memoryMax.map(m -> " memory <= " + m).orElse("") + cpuMax.map(c -> " cpu <= " + c).orElse("");
    }
  }
}
