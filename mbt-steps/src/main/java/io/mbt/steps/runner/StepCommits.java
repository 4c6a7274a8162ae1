package io.mbt.steps.runner;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;

/**
 * Commits finished steps in run order on one background thread, so that writing a step's fitted
 * Spark ML transforms (a small Spark job or two per stage) overlaps the next step instead of
 * delaying it. A step's record, which is what {@code retry} and {@code exec} trust, is written
 * only once all of the step's pending files are in place, and steps are committed in the order
 * they finished: a run killed at any moment leaves every recorded step complete and the rest to
 * rerun. Later steps of the same run read a pending model from memory; a reader that needs its
 * files waits for them ({@link #awaitWritten}). Once a write or commit fails, nothing after it is
 * committed and the runner reports that step as failed.
 */
final class StepCommits implements AutoCloseable {
  /** A step whose writes or record could not be committed. */
  record Failure(String step, Throwable error) {}

  /** A file artifact written behind the step that produced it. */
  record PendingWrite(String uri, Runnable write) {}

  private final SparkSession spark;
  private final String pipeline;
  private final ExecutorService thread;
  private final Map<String, CompletableFuture<Void>> written = new ConcurrentHashMap<>();
  private final AtomicReference<Failure> failure = new AtomicReference<>();
  private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

  StepCommits(SparkSession spark, String pipeline) {
    this.spark = spark;
    this.pipeline = pipeline;
    this.thread = Executors.newSingleThreadExecutor(task -> {
      Thread t = new Thread(task, "mbt-commit-" + pipeline);
      t.setDaemon(true); // the runner drains before it returns; a dying driver must not wait on it
      return t;
    });
  }

  /**
   * Runs {@code writes}, then {@code commit}, for step {@code step} after everything submitted
   * before; neither runs once an earlier submission has failed.
   */
  synchronized void submit(String step, List<PendingWrite> writes, Runnable commit) {
    for (PendingWrite write : writes) {
      written.put(write.uri(), new CompletableFuture<>());
    }
    last = last.thenRunAsync(() -> commit(step, writes, commit), thread);
  }

  private void commit(String step, List<PendingWrite> writes, Runnable commit) {
    Failure earlier = failure.get();
    if (earlier != null) {
      IllegalStateException skipped = new IllegalStateException("not written: step " + earlier.step() + " failed to commit before step " + step);
      writes.forEach(w -> written.get(w.uri()).completeExceptionally(skipped));
      return;
    }
    SparkSession.setActiveSession(spark);
    // This thread inherited the job tags of the step that created it; cancelling that step must not stop the writes of committed steps.
    spark.sparkContext().clearJobTags();
    spark.sparkContext().setJobGroup(pipeline + "/" + step, "mbt " + pipeline + " step " + step + " (commit)", false);
    try {
      for (PendingWrite write : writes) {
        write.write().run();
        written.get(write.uri()).complete(null);
      }
      commit.run();
    } catch (RuntimeException | Error e) {
      failure.compareAndSet(null, new Failure(step, e));
      writes.forEach(w -> written.get(w.uri()).completeExceptionally(e));
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  /** Returns once the artifact at {@code uri} is written, if it is being written behind its step. */
  void awaitWritten(String uri) {
    CompletableFuture<Void> pending = written.get(uri);
    if (pending == null) {
      return;
    }
    try {
      pending.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("artifact " + uri + " could not be written: " + cause.getMessage(), cause);
    }
  }

  /** Waits for everything submitted so far; the first step that failed to commit, if any. */
  Optional<Failure> drain() {
    CompletableFuture<Void> until;
    synchronized (this) {
      until = last;
    }
    until.join(); // commit() catches everything, so this never completes exceptionally
    return failure();
  }

  Optional<Failure> failure() {
    return Optional.ofNullable(failure.get());
  }

  @Override
  public void close() {
    try {
      drain();
    } finally {
      thread.shutdown();
    }
  }
}
