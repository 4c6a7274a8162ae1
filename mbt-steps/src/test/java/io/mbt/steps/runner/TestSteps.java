package io.mbt.steps.runner;

import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.functions;

/** Small steps for runner tests; each counts its executions per run id. */
final class TestSteps {
  static final Map<String, AtomicInteger> EXECUTIONS = new ConcurrentHashMap<>();
  static final Map<String, Boolean> FAIL = new ConcurrentHashMap<>();

  private TestSteps() {}

  static int executions(String runId, String step) {
    return EXECUTIONS.getOrDefault(runId + "/" + step, new AtomicInteger()).get();
  }

  private static void count(StepContext ctx) {
    EXECUTIONS.computeIfAbsent(ctx.runId() + "/" + ctx.stepName(), k -> new AtomicInteger()).incrementAndGet();
  }

  /** Writes table {@code data}: 0..9. */
  public static final class Source implements Step {
    @Override
    public void run(StepContext ctx) {
      count(ctx);
      ctx.putTable("data", ctx.spark().range(10).toDF("x"));
      ctx.record("rows", 10);
    }
  }

  /** Reads its first input, doubles x, writes table {@code data} and json {@code stats}. */
  public static final class Double implements Step {
    @Override
    public void run(StepContext ctx) {
      count(ctx);
      var in = ctx.table(ctx.step().inputs().get(0));
      ctx.putTable("data", in.withColumn("x", functions.col("x").multiply(2)));
      ctx.putJson("stats", Map.of("secret_value", String.valueOf(ctx.config().getOrDefault("password", "none"))));
    }
  }

  /** Fails while {@code FAIL} says so for its run; else sums its input into json {@code total}. */
  public static final class Flaky implements Step {
    @Override
    public void run(StepContext ctx) {
      count(ctx);
      if (FAIL.getOrDefault(ctx.runId(), false)) {
        throw new StepFailedException("flaky failed on purpose", "clear the flag");
      }
      long total = ctx.table(ctx.step().inputs().get(0)).agg(functions.sum("x")).head().getLong(0);
      ctx.putJson("total", Map.of("total", total));
      ctx.record("total", total);
    }
  }

  /** Writes {@code evens} as a filtered view of its input and {@code same} as an alias. */
  public static final class Views implements Step {
    @Override
    public void run(StepContext ctx) {
      count(ctx);
      String input = ctx.step().inputs().get(0);
      ctx.putFilteredTable("evens", input, "x % 4 = 0");
      ctx.putAlias("same", input);
    }
  }

  /** Declares an output it never writes. */
  public static final class Forgetful implements Step {
    @Override
    public void run(StepContext ctx) {
      count(ctx);
    }
  }
}
