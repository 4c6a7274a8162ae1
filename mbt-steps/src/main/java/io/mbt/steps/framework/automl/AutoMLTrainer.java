package io.mbt.steps.framework.automl;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.model.ProblemType;
import io.mbt.steps.framework.FrameworkTrainer;
import io.mbt.steps.framework.FrameworkTrainers;
import io.mbt.steps.framework.TrainedModel;
import io.mbt.steps.framework.TrainingContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code automl}: a Spark-native AutoML over XGBoost and Spark MLlib, MBT's counterpart of H2O
 * AutoML. It cross-validates candidate models — each family's default first, then random draws
 * from per-family hyperparameter spaces, families taking turns — until {@code max_models} or the
 * {@code max_runtime_secs} budget is reached, ranks them by {@code sort_metric} and refits the
 * leader on all the training data. Each candidate trains through its family's own {@link
 * FrameworkTrainer} ({@code xgboost}, {@code mllib_gbt}, {@code mllib_random_forest}, {@code
 * mllib_logistic_regression}, {@code mllib_linear_regression}).
 *
 * <p>Config keys: {@code max_runtime_secs} (3600), {@code max_models} (20), {@code sort_metric}
 * (roc_auc, f1 or rmse by problem type; H2O names such as {@code AUC} accepted), {@code seed} (the
 * pipeline's), {@code nfolds} (3), {@code include_algos} / {@code exclude_algos} (xgboost, gbt,
 * random_forest, logistic_regression, linear_regression), {@code parallelism} (1: candidates
 * trained at once) and {@code keep_cross_validation_predictions} (false).
 *
 * <p>The training data is cached once for the whole search, with a fold column assigned from the
 * seed (stratified by label for classification), and unpersisted at the end. The same data and
 * seed give the same leaderboard and leader, unless the time budget cuts the search short.
 *
 * <p>{@link #train} returns an {@link AutoMLModel}, whose {@link AutoMLModel#leaderboard()} lists
 * every candidate.
 */
public final class AutoMLTrainer implements FrameworkTrainer {
  /** The framework name. */
  public static final String NAME = "automl";
  private static final Logger LOG = LoggerFactory.getLogger(AutoMLTrainer.class);

  private final SearchSpace space;

  public AutoMLTrainer() {
    this(SearchSpace.standard());
  }

  /** A trainer that searches other spaces: for tests. */
  AutoMLTrainer(SearchSpace space) {
    this.space = requireNonNull(space, "space is null");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<ProblemType> problemTypes() {
    return EnumSet.allOf(ProblemType.class);
  }

  @Override
  public Set<String> parameterNames(ProblemType problemType) {
    requireNonNull(problemType, "problemType is null");
    return new TreeSet<>(AutoMLConfig.KEYS);
  }

  /**
   * Searches and returns an {@link AutoMLModel}.
   *
   * @throws IllegalArgumentException if the config is invalid (as the compiler reports it)
   * @throws IllegalStateException if every candidate failed to train
   */
  @Override
  public AutoMLModel train(Dataset<Row> train, TrainingContext context) {
    AutoMLConfig config = AutoMLConfig.from(context);
    // Resolved here, on the caller's thread: ServiceLoader uses its context class loader.
    Map<Family, FrameworkTrainer> trainers = new EnumMap<>(Family.class);
    for (Family family : config.families()) {
      trainers.put(family, FrameworkTrainers.get(family.framework()));
    }
    List<Candidate> plan = space.plan(config.families(), config.seed(), config.maxModels());
    CvMetric metric =
        new CvMetric(config.sortMetric(), context.problemType(), context.labelColumn());
    TrainingContext base = new TrainingContext(context.labelColumn(), context.featuresColumn(),
        context.problemType(), Map.of(), config.seed(), context.numClasses());

    Dataset<Row> folded = Folds.assign(spread(
            train.select(context.labelColumn(), context.featuresColumn())),
            context.labelColumn(), context.problemType().isClassification(), config.nfolds(),
            config.seed())
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      SearchBudget budget =
          new SearchBudget(config.maxRuntimeSecs(), config.maxModels(), System::nanoTime);
      CrossValidation crossValidation =
          new CrossValidation(folded, base, config.nfolds(), metric);
      AutoMLSearch.Result result = new AutoMLSearch(crossValidation, trainers, budget,
          config.parallelism(), config.keepCrossValidationPredictions(), metric).run(plan);
      double searchSeconds = budget.elapsedSeconds();
      if (result.ranked().isEmpty()) {
        List<Leaderboard.Failure> failures = failures(result);
        throw AutoMLErrors.allCandidatesFailed(
            failures, result.failed().get(0).error().orElseThrow());
      }
      AutoMLSearch.Outcome best = result.ranked().get(0);
      Candidate leader = best.candidate();
      long refitStart = System.nanoTime();
      TrainedModel refitted =
          trainers.get(leader.family()).train(folded, crossValidation.contextFor(leader));
      double refitSeconds = (System.nanoTime() - refitStart) / 1e9;
      Leaderboard leaderboard = new Leaderboard(metric.name(), metric.lowerIsBetter(),
          config.nfolds(), config.seed(), result.stoppedBy().key(), milliseconds(searchSeconds),
          milliseconds(refitSeconds),
          entries(result), failures(result));
      LOG.info("automl: leader {} ({}) cv {} = {} of {} models; stopped by {}",
          leader.modelId(), leader.family().framework(), metric.name(),
          leaderboard.leader().cvMean(), leaderboard.entries().size(), leaderboard.stoppedBy());
      return new AutoMLModel(refitted, leaderboard,
          best.scores().flatMap(CrossValidation.Scores::outOfFold));
    } finally {
      folded.unpersist(false);
    }
  }

  @Override
  public AutoMLModel load(String path) {
    return AutoMLModel.load(path);
  }

  /**
   * {@code data} over at least as many partitions as the application has cores: a small table is
   * often one file, hence one partition, and MLlib candidates would then train on one core.
   */
  private static Dataset<Row> spread(Dataset<Row> data) {
    int cores = data.sparkSession().sparkContext().defaultParallelism();
    return data.rdd().getNumPartitions() < cores ? data.repartition(cores) : data;
  }

  private static List<Leaderboard.Entry> entries(AutoMLSearch.Result result) {
    List<Leaderboard.Entry> entries = new ArrayList<>();
    for (AutoMLSearch.Outcome outcome : result.ranked()) {
      Candidate candidate = outcome.candidate();
      CrossValidation.Scores scores = outcome.scores().orElseThrow();
      entries.add(new Leaderboard.Entry(entries.size() + 1, candidate.modelId(),
          candidate.family().yamlName(), candidate.family().framework(), candidate.params(),
          scores.mean(), scores.std(), scores.folds(), milliseconds(outcome.seconds())));
    }
    return entries;
  }

  private static List<Leaderboard.Failure> failures(AutoMLSearch.Result result) {
    return result.failed().stream()
        .map(outcome -> new Leaderboard.Failure(outcome.candidate().modelId(),
            outcome.candidate().family().yamlName(), outcome.candidate().family().framework(),
            outcome.candidate().params(),
            String.valueOf(outcome.error().map(Throwable::getMessage).orElse("")),
            milliseconds(outcome.seconds())))
        .toList();
  }

  private static double milliseconds(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }

  @Override
  public String toString() {
    return "FrameworkTrainer[" + NAME + "]";
  }
}
