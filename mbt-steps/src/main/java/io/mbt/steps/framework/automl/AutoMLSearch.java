package io.mbt.steps.framework.automl;

import static java.util.Objects.requireNonNull;

import io.mbt.steps.framework.FrameworkTrainer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-validates the planned candidates in order, up to {@code parallelism} at a time, until the
 * {@link SearchBudget} stops it, and ranks them.
 *
 * <p>A candidate whose training fails is recorded and skipped. Candidates of a family that trains
 * on every task slot (XGBoost: a barrier stage of {@code num_workers} = all slots) run alone, so
 * its workers always find free slots; the others share the cluster.
 */
final class AutoMLSearch {
  private static final Logger LOG = LoggerFactory.getLogger(AutoMLSearch.class);

  private final CrossValidation crossValidation;
  private final Map<Family, FrameworkTrainer> trainers;
  private final SearchBudget budget;
  private final int parallelism;
  private final boolean keepPredictions;
  private final CvMetric metric;
  private final ReadWriteLock slots = new ReentrantReadWriteLock(true);
  /** An Error thrown by a candidate: no more candidates start. */
  private volatile Error fatal;

  AutoMLSearch(
      CrossValidation crossValidation, Map<Family, FrameworkTrainer> trainers,
      SearchBudget budget, int parallelism, boolean keepPredictions, CvMetric metric) {
    this.crossValidation = requireNonNull(crossValidation, "crossValidation is null");
    this.trainers = Map.copyOf(trainers);
    this.budget = requireNonNull(budget, "budget is null");
    this.parallelism = parallelism;
    this.keepPredictions = keepPredictions;
    this.metric = requireNonNull(metric, "metric is null");
  }

  /** The outcome of one candidate: its scores, or why it failed. */
  record Outcome(
      Candidate candidate, Optional<CrossValidation.Scores> scores, Optional<RuntimeException> error,
      double seconds) {}

  /**
   * What a search produced.
   *
   * @param ranked the candidates that trained, best first (ties keep search order)
   * @param failed the candidates that failed, in search order
   */
  record Result(List<Outcome> ranked, List<Outcome> failed, SearchBudget.Stop stoppedBy) {}

  Result run(List<Candidate> plan) {
    ExecutorService pool = parallelism > 1
        ? Executors.newFixedThreadPool(parallelism, threads()) : null;
    Semaphore permits = new Semaphore(parallelism);
    List<Future<Outcome>> futures = new ArrayList<>();
    SearchBudget.Stop stop = null;
    try {
      for (Candidate candidate : plan) {
        permits.acquire();
        if (fatal != null) {
          break;
        }
        Optional<SearchBudget.Stop> refused = budget.admit(candidate.family());
        if (refused.isPresent()) {
          permits.release();
          stop = refused.get();
          break;
        }
        if (pool == null) {
          futures.add(CompletableFuture.completedFuture(evaluate(candidate, permits)));
        } else {
          futures.add(pool.submit(() -> evaluate(candidate, permits)));
        }
      }
      if (futures.size() == plan.size()) {
        stop = plan.size() >= budget.maxModels()
            ? SearchBudget.Stop.MAX_MODELS : SearchBudget.Stop.SEARCH_SPACE;
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> future : futures) {
        outcomes.add(future.get());
      }
      return rank(outcomes, stop);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("automl: interrupted while searching", e);
    } catch (ExecutionException e) {
      // evaluate() catches RuntimeExceptions, so this is an Error: rethrow it as it is.
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("automl: a candidate failed unexpectedly", e.getCause());
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private Outcome evaluate(Candidate candidate, Semaphore permits) {
    try {
      Outcome outcome = score(candidate);
      budget.finished(candidate.family(), outcome.seconds(), outcome.scores().isPresent());
      return outcome;
    } catch (Error e) {
      fatal = e;
      throw e;
    } finally {
      permits.release();
    }
  }

  private Outcome score(Candidate candidate) {
    Lock lock = candidate.family().usesAllTaskSlots() ? slots.writeLock() : slots.readLock();
    lock.lock();
    long start = System.nanoTime();
    try {
      CrossValidation.Scores scores =
          crossValidation.score(candidate, trainers.get(candidate.family()), keepPredictions);
      double seconds = (System.nanoTime() - start) / 1e9;
      LOG.info("automl: {} {} cv {} = {} ± {} in {} s", candidate.modelId(), candidate.params(),
          metric.name(), format(scores.mean()), format(scores.std()), format(seconds));
      return new Outcome(candidate, Optional.of(scores), Optional.empty(), seconds);
    } catch (RuntimeException e) {
      double seconds = (System.nanoTime() - start) / 1e9;
      LOG.warn("automl: {} {} failed after {} s; the search goes on without it",
          candidate.modelId(), candidate.params(), format(seconds), e);
      return new Outcome(candidate, Optional.empty(), Optional.of(e), seconds);
    } finally {
      lock.unlock();
    }
  }

  private Result rank(List<Outcome> outcomes, SearchBudget.Stop stop) {
    Comparator<Double> byMetric = metric.lowerIsBetter()
        ? Comparator.naturalOrder() : Comparator.reverseOrder();
    // NaN (e.g. AUC of a fold with one class) ranks last.
    Comparator<Outcome> order = Comparator
        .comparing((Outcome o) -> Double.isNaN(o.scores().orElseThrow().mean()))
        .thenComparing(o -> o.scores().orElseThrow().mean(), byMetric)
        .thenComparingInt(o -> o.candidate().index());
    List<Outcome> ranked = outcomes.stream().filter(o -> o.scores().isPresent())
        .sorted(order).toList();
    List<Outcome> failed = outcomes.stream().filter(o -> o.error().isPresent()).toList();
    return new Result(ranked, failed, stop);
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static ThreadFactory threads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "mbt-automl-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
