import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A wall-clock profile of one thread (with MBT_BENCH_WALL=FILE): its stack every 5 ms, waiting or
 * not, grouped by the step (or baseline line) it is in, the MBT code that called out, what it
 * called, and whether it was waiting for a Spark job. JFR samples only threads running Java code;
 * a driver mostly waits (for jobs, file renames, commits), which is what this shows.
 */
final class WallSampler implements AutoCloseable {
  private static final long PERIOD_MILLIS = 5;
  private final Thread target;
  private final Path file;
  /** Microseconds per (step, waiting or not, call site). */
  private final Map<String, Integer> counts = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  private WallSampler(Thread target, Path file) {
    this.target = target;
    this.file = file;
    this.sampler = new Thread(this::loop, "wall-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Samples the calling thread when MBT_BENCH_WALL is set, else does nothing. */
  static WallSampler startIfAsked() {
    String file = System.getenv("MBT_BENCH_WALL");
    return file == null || file.isBlank() ? null : new WallSampler(Thread.currentThread(), Path.of(file));
  }

  private void loop() {
    long last = System.nanoTime();
    while (running) {
      StackTraceElement[] stack = target.getStackTrace();
      long now = System.nanoTime();
      // Each sample stands for the time since the previous one (sleeps overshoot, stack walks take time).
      int micros = (int) ((now - last) / 1000);
      last = now;
      String key = classify(stack);
      if (key != null) {
        synchronized (counts) {
          counts.merge(key, micros, Integer::sum);
        }
      }
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String classify(StackTraceElement[] stack) {
    String step = null;
    int ours = -1;
    boolean job = false;
    for (int i = 0; i < stack.length; i++) {
      StackTraceElement f = stack[i];
      String c = f.getClassName();
      if (i == 0 && c.equals("jdk.internal.misc.Unsafe") && f.getMethodName().equals("park")) {
        job = true; // parked: waiting for a job (or an adaptive query stage) to finish
      }
      if (ours < 0 && (c.startsWith("io.mbt.") || c.equals("HandWritten"))) {
        ours = i;
      }
      if (step == null && (c.startsWith("io.mbt.steps.training.") && f.getMethodName().equals("run") || c.equals("HandWritten") && f.getMethodName().equals("run"))) {
        step = c.equals("HandWritten") ? "hand:" + f.getLineNumber() : c.substring(c.lastIndexOf('.') + 1);
      }
      if (step == null && c.equals("io.mbt.steps.runner.PipelineRunner")) {
        step = "runner." + f.getMethodName();
      }
    }
    if (step == null) {
      return null;
    }
    String site = ours < 0 ? "-" : frame(stack[ours]) + " -> " + (ours > 0 ? frame(stack[ours - 1]) : "");
    return step + "\t" + (job ? "job" : "driver") + "\t" + site;
  }

  private static String frame(StackTraceElement f) {
    String c = f.getClassName();
    return c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethodName() + ":" + f.getLineNumber();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    String text;
    synchronized (counts) {
      text = counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .map(e -> e.getValue() / 1000 + "\t" + e.getKey()).collect(Collectors.joining("\n", "", "\n"));
    }
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
