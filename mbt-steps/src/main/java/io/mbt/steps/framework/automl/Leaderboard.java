package io.mbt.steps.framework.automl;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.manifest.ManifestJson;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an AutoML search tried and how each model scored in cross-validation, best first. Saved as
 * {@code leaderboard.json} (snake_case keys) next to the leader.
 *
 * @param sortMetric the metric that ranks the entries (MBT's name, e.g. {@code roc_auc})
 * @param lowerIsBetter whether entries are ranked by ascending {@code cv_mean}
 * @param nfolds the cross-validation folds
 * @param seed the seed of the search: candidates, fold assignment and every model
 * @param stoppedBy why the search ended: {@code max_models}, {@code max_runtime_secs}, or {@code
 *     search_space} (the families' spaces held fewer distinct configs than {@code max_models})
 * @param searchSeconds wall time of the search, the leader's refit excluded
 * @param refitSeconds wall time of the leader's refit on all the training data
 * @param entries the models that trained, best first: {@code entries.get(0)} is the leader
 * @param failures the models whose training failed, in search order
 */
public record Leaderboard(
    String sortMetric,
    boolean lowerIsBetter,
    int nfolds,
    long seed,
    String stoppedBy,
    double searchSeconds,
    double refitSeconds,
    List<Entry> entries,
    List<Failure> failures) {

  public Leaderboard {
    requireNonNull(sortMetric, "sortMetric is null");
    requireNonNull(stoppedBy, "stoppedBy is null");
    entries = List.copyOf(entries);
    failures = List.copyOf(failures);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a leaderboard needs at least one entry");
    }
  }

  /** The best model. */
  public Entry leader() {
    return entries.get(0);
  }

  /** This leaderboard as a JSON-ready map with snake_case keys, e.g. for train metrics. */
  public Map<String, Object> toMap() {
    return ManifestJson.toMap(this);
  }

  /**
   * One cross-validated model.
   *
   * @param rank 1 for the leader
   * @param modelId {@code <family>_<n>}, n its place in the search order
   * @param family the family as {@code include_algos} names it, e.g. {@code gbt}
   * @param framework the framework that trained it, e.g. {@code mllib_gbt}
   * @param params its config for that framework: copy them into a pipeline to train it alone
   * @param cvMean the sort metric's mean over the folds
   * @param cvStd the sort metric's sample standard deviation over the folds
   * @param cvFolds the sort metric on each fold's held-out rows, by fold
   * @param fitSeconds wall time of its cross-validation: every fold's fit and scoring
   */
  public record Entry(
      int rank,
      String modelId,
      String family,
      String framework,
      Map<String, Object> params,
      double cvMean,
      double cvStd,
      List<Double> cvFolds,
      double fitSeconds) {

    public Entry {
      requireNonNull(modelId, "modelId is null");
      requireNonNull(family, "family is null");
      requireNonNull(framework, "framework is null");
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
      cvFolds = List.copyOf(cvFolds);
    }
  }

  /**
   * A model whose training failed; the search went on without it.
   *
   * @param error the failure's message
   * @param fitSeconds wall time until it failed
   */
  public record Failure(
      String modelId, String family, String framework, Map<String, Object> params, String error,
      double fitSeconds) {

    public Failure {
      requireNonNull(modelId, "modelId is null");
      requireNonNull(family, "family is null");
      requireNonNull(framework, "framework is null");
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
      requireNonNull(error, "error is null");
    }
  }
}
