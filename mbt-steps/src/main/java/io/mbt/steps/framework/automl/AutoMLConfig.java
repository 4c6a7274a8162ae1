package io.mbt.steps.framework.automl;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.model.Metrics;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.spi.ConfigIssue;
import io.mbt.compiler.spi.builtin.AutoMLFramework;
import io.mbt.steps.framework.TrainingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code framework: automl}'s config, checked by the compiler's own rules ({@link
 * AutoMLFramework}) so that compile time and run time agree.
 *
 * @param maxRuntimeSecs time budget of the search (the leader's refit comes after it)
 * @param maxModels most candidates to cross-validate
 * @param sortMetric MBT's metric name (H2O names such as {@code AUC} already mapped)
 * @param families the families to try, in search order
 * @param parallelism candidates cross-validated at once
 * @param keepCrossValidationPredictions keep the leader's out-of-fold predictions
 */
record AutoMLConfig(
    double maxRuntimeSecs, int maxModels, String sortMetric, long seed, int nfolds,
    List<Family> families, int parallelism, boolean keepCrossValidationPredictions) {

  static final String MAX_RUNTIME_SECS = "max_runtime_secs";
  static final String MAX_MODELS = "max_models";
  static final String SORT_METRIC = "sort_metric";
  static final String SEED = "seed";
  static final String NFOLDS = "nfolds";
  static final String INCLUDE_ALGOS = "include_algos";
  static final String EXCLUDE_ALGOS = "exclude_algos";
  static final String PARALLELISM = "parallelism";
  static final String KEEP_CROSS_VALIDATION_PREDICTIONS = "keep_cross_validation_predictions";

  /** Every key the config accepts. */
  static final Set<String> KEYS = Set.of(MAX_RUNTIME_SECS, MAX_MODELS, SORT_METRIC, SEED, NFOLDS,
      INCLUDE_ALGOS, EXCLUDE_ALGOS, PARALLELISM, KEEP_CROSS_VALIDATION_PREDICTIONS);

  AutoMLConfig {
    requireNonNull(sortMetric, "sortMetric is null");
    families = List.copyOf(families);
  }

  /**
   * The config of {@code context}, defaults filled in; {@code seed} defaults to the context's.
   *
   * @throws IllegalArgumentException listing every problem the compiler would report
   */
  static AutoMLConfig from(TrainingContext context) {
    Map<String, Object> config = context.config();
    ProblemType problemType = context.problemType();
    List<ConfigIssue> issues = new AutoMLFramework().validateConfig(config, problemType);
    if (!issues.isEmpty()) {
      throw AutoMLErrors.invalidConfig(issues);
    }
    String metric = config.get(SORT_METRIC) == null
        ? Metrics.defaultPrimary(problemType)
        : AutoMLFramework.normalizeMetric(String.valueOf(config.get(SORT_METRIC)), problemType)
            .orElseThrow();
    return new AutoMLConfig(
        number(config, MAX_RUNTIME_SECS, 3600).doubleValue(),
        number(config, MAX_MODELS, 20).intValue(),
        metric,
        number(config, SEED, context.seed()).longValue(),
        number(config, NFOLDS, 3).intValue(),
        AutoMLFramework.algorithms(config, problemType).stream().map(Family::of).toList(),
        number(config, PARALLELISM, 1).intValue(),
        Boolean.TRUE.equals(config.get(KEEP_CROSS_VALIDATION_PREDICTIONS)));
  }

  /** Whether a smaller {@link #sortMetric} is better. */
  boolean lowerIsBetter() {
    return Metrics.lowerIsBetter(sortMetric);
  }

  /** Types were checked by {@link AutoMLFramework}; a null value (an empty YAML key) is unset. */
  private static Number number(Map<String, Object> config, String key, Number fallback) {
    Object value = config.get(key);
    return value == null ? fallback : (Number) value;
  }
}
