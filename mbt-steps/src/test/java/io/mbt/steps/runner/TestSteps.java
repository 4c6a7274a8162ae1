package io.mbt.steps.runner;

import io.mbt.steps.api.DerivingStep;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

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

  static final Map<String, AtomicInteger> DERIVATIONS = new ConcurrentHashMap<>();

  /**
   * Declares {@code data} as a derived table: its input times the {@code factor} it recorded (from
   * config), rebuilt when read (once per runner process); counts its derivations per run id.
   */
  public static final class Derived implements DerivingStep {
    @Override
    public void run(StepContext ctx) {
      count(ctx);
      ctx.record("factor", ((Number) ctx.config().getOrDefault("factor", 3)).longValue());
      ctx.putDerivedTable("data", derive(ctx, "data", Map.of("factor", ctx.config().getOrDefault("factor", 3))));
    }

    @Override
    public Dataset<Row> derive(StepContext ctx, String output, Map<String, Object> details) {
      DERIVATIONS.computeIfAbsent(ctx.runId(), k -> new AtomicInteger()).incrementAndGet();
      return ctx.table(ctx.step().inputs().get(0)).withColumn("x", functions.col("x").multiply(((Number) details.get("factor")).longValue()));
    }
  }

  /** Declares a derived table without implementing {@link DerivingStep}: nothing could rebuild it. */
  public static final class NotDeriving implements Step {
    @Override
    public void run(StepContext ctx) {
      count(ctx);
      ctx.putDerivedTable("data", ctx.table(ctx.step().inputs().get(0)));
    }
  }

  static final Map<String, Boolean> UNWRITABLE = new ConcurrentHashMap<>();

  /**
   * Fits {@code model} (its input's x times 3) and declares {@code tripled} as the model applied to
   * its input; while {@code UNWRITABLE} says so for its run, the model has a stage Spark ML cannot
   * save, so writing its files fails after the step returned.
   */
  public static final class Fit implements Step {
    @Override
    public void run(StepContext ctx) {
      count(ctx);
      String input = ctx.step().inputs().get(0);
      PipelineStage stage = UNWRITABLE.getOrDefault(ctx.runId(), false) ? new Unwritable()
          : new SQLTransformer().setStatement("SELECT x * 3 AS x FROM __THIS__");
      PipelineModel model = new Pipeline().setStages(new PipelineStage[] {stage}).fit(ctx.table(input));
      ctx.putPipelineModel("model", model);
      ctx.putTransformedTable("tripled", input, "model");
    }
  }

  /** Triples x, as the SQL above, but is not MLWritable. */
  public static final class Unwritable extends Transformer {
    private final String uid = Identifiable$.MODULE$.randomUID("unwritable");

    @Override
    public Dataset<Row> transform(Dataset<?> data) {
      return data.toDF().withColumn("x", functions.col("x").multiply(3));
    }

    @Override
    public StructType transformSchema(StructType schema) {
      return schema;
    }

    @Override
    public Transformer copy(ParamMap extra) {
      return new Unwritable();
    }

    @Override
    public String uid() {
      return uid;
    }
  }

  /** Declares an output it never writes. */
  public static final class Forgetful implements Step {
    @Override
    public void run(StepContext ctx) {
      count(ctx);
    }
  }

  /** Per run id: counted down once a {@link Slow} step's Spark job runs; while present, that job blocks until Spark kills it. */
  static final Map<String, CountDownLatch> JOB_STARTED = new ConcurrentHashMap<>();
  /** Per run id: what a {@link Slow} step with {@code wait_for_cancel} waits for before it starts its job. */
  static final Map<String, CountDownLatch> CANCELLED = new ConcurrentHashMap<>();
  /** Per run id: the handle {@link CancelsItsRun} cancels. */
  static final Map<String, RunCancellation> HANDLES = new ConcurrentHashMap<>();

  /**
   * Runs a Spark job that, while {@code JOB_STARTED} has a latch for the run, counts it down and
   * blocks until Spark kills its tasks (at most two minutes, so a broken cancel fails the test
   * instead of hanging it); then writes json {@code done}. With config {@code wait_for_cancel}, it
   * first waits for {@code CANCELLED}: its job starts after the run was cancelled.
   */
  public static final class Slow implements Step {
    @Override
    public void run(StepContext ctx) throws InterruptedException {
      count(ctx);
      String runId = ctx.runId();
      if (Boolean.TRUE.equals(ctx.config().get("wait_for_cancel"))) {
        CANCELLED.get(runId).await(2, TimeUnit.MINUTES);
      }
      ctx.spark().range(0, 2, 1, 2).foreachPartition((ForeachPartitionFunction<Long>) rows -> blockUntilKilled(runId));
      ctx.putJson("done", Map.of("done", true));
    }
  }

  private static void blockUntilKilled(String runId) throws InterruptedException {
    CountDownLatch started = JOB_STARTED.get(runId);
    if (started == null) {
      return;
    }
    started.countDown();
    TaskContext task = TaskContext.get();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    CountDownLatch never = new CountDownLatch(1);
    while (!task.isInterrupted() && System.nanoTime() < deadline) {
      never.await(20, TimeUnit.MILLISECONDS); // a killed task is only flagged (the runner does not interrupt threads)
    }
    task.killTaskIfInterrupted();
  }

  /** Cancels its own run through {@code HANDLES}, then completes: writes json {@code done}. */
  public static final class CancelsItsRun implements Step {
    @Override
    public void run(StepContext ctx) {
      count(ctx);
      HANDLES.get(ctx.runId()).cancel("enough for today");
      ctx.putJson("done", Map.of("done", true));
    }
  }
}
