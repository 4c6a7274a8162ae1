package io.mbt.steps.framework.builtin;

import io.mbt.compiler.model.ProblemType;
import io.mbt.steps.StepsErrors;
import io.mbt.steps.framework.TrainingContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.Booster;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code xgboost}: xgboost4j-spark's XGBoostClassifier and XGBoostRegressor, distributed over
 * Spark tasks. Config keys are XGBoost's own names ({@code max_depth}, {@code eta}, {@code
 * colsample_bytree}, {@code tree_method}, ...), its Spark params in snake_case ({@code num_round},
 * {@code num_workers}, {@code num_early_stopping_rounds}, ...), and the aliases {@code
 * n_estimators}, {@code num_boost_round}, {@code learning_rate}, {@code min_split_loss}, {@code
 * reg_lambda}, {@code reg_alpha}, {@code max_bins}, {@code random_state} and {@code
 * early_stopping_rounds}.
 *
 * <p>{@code validation_fraction} (in (0, 0.5]) holds out that share of the training rows, chosen
 * with the seed, as XGBoost's evaluation set; early stopping watches it.
 *
 * <p>Defaults: {@code tree_method=hist}; {@code nthread=1}; {@code num_workers} = the application's
 * task slots, since training runs as a barrier stage that needs one free slot per worker; {@code
 * seed} = the pipeline seed; {@code objective} = {@code binary:logistic}, {@code multi:softprob}
 * (with {@code num_class} from the context) or {@code reg:squarederror}.
 *
 * <p>The fitted pipeline makes the features dense before the XGBoost model ({@link DenseVectors}):
 * xgboost4j-spark 3.2.0 cannot be trusted with sparse vectors. Zeros are therefore values, not
 * missing; {@code missing} names another value to treat as missing (NaN always is).
 *
 * <p>XGBoost's native library needs {@code libgomp.so.1} on every executor.
 *
 * <p>xgboost4j-spark 3.2.0's model reader loses the number of classes (it looks for a saved param
 * {@code numClass}, but the param is saved as {@code num_class}), so a reloaded multiclass model
 * predicts as a binary one. {@link #load} repairs that; a pipeline that contains an XGBoost model
 * and is read with {@code PipelineModel.load} must go through {@link #repairLoadedPipeline}.
 */
public final class XGBoostTrainer extends EstimatorTrainer {
  private static final Map<String, String> ALIASES =
      Map.of(
          "n_estimators", "num_round",
          "num_boost_round", "num_round",
          "learning_rate", "eta",
          "min_split_loss", "gamma",
          "reg_lambda", "lambda",
          "reg_alpha", "alpha",
          "max_bins", "max_bin",
          "random_state", "seed",
          "early_stopping_rounds", "num_early_stopping_rounds");
  private static final String VALIDATION_FRACTION = "validation_fraction";

  @Override
  public String name() {
    return "xgboost";
  }

  @Override
  public Set<ProblemType> problemTypes() {
    return EnumSet.allOf(ProblemType.class);
  }

  @Override
  Estimator<?> newEstimator(ProblemType problemType) {
    return problemType.isClassification() ? new XGBoostClassifier() : new XGBoostRegressor();
  }

  @Override
  Map<String, String> aliases() {
    return ALIASES;
  }

  @Override
  Set<String> reservedParams() {
    return Set.of("num_class");
  }

  @Override
  void applyDefaults(Params estimator, TrainingContext context, SparkSession spark) {
    set(estimator, "tree_method", "hist");
    set(estimator, "nthread", 1);
    if (estimator.hasParam("verbosity")) {
      set(estimator, "verbosity", 0); // per-round native logging floods driver logs; users may raise it
    }
    set(estimator, "numWorkers", TaskSlots.available(spark.sparkContext()));
    switch (context.problemType()) {
      case BINARY_CLASSIFICATION -> set(estimator, "objective", "binary:logistic");
      case MULTICLASS_CLASSIFICATION -> {
        set(estimator, "objective", "multi:softprob");
        set(estimator, "num_class", context.numClasses());
      }
      case REGRESSION -> set(estimator, "objective", "reg:squarederror");
    }
  }

  @Override
  void check(Params estimator, TrainingContext context, SparkSession spark) {
    int numWorkers = (Integer) estimator.getOrDefault(estimator.getParam("numWorkers"));
    int slots = TaskSlots.available(spark.sparkContext());
    if (numWorkers > slots) {
      throw StepsErrors.tooManyWorkers(numWorkers, slots);
    }
    int nthread = (Integer) estimator.getOrDefault(estimator.getParam("nthread"));
    int taskCpus = TaskSlots.taskCpus(spark.sparkContext());
    if (nthread > taskCpus) {
      throw StepsErrors.tooManyThreads(nthread, taskCpus);
    }
  }

  /** Dense features: see {@link DenseVectors}. */
  @Override
  List<PipelineStage> stagesBefore(TrainingContext context) {
    return List.of(new DenseVectors().setColumn(context.featuresColumn()));
  }

  @Override
  Set<String> trainerOptions() {
    return Set.of(VALIDATION_FRACTION);
  }

  @Override
  Dataset<Row> prepare(
      Params estimator, Dataset<Row> train, TrainingContext context, Map<String, Object> options) {
    Object value = options.get(VALIDATION_FRACTION);
    if (value == null && !options.containsKey(VALIDATION_FRACTION)) {
      return train;
    }
    if (!(value instanceof Number number)
        || !(number.doubleValue() > 0 && number.doubleValue() <= 0.5)) {
      throw StepsErrors.invalidParameterValue(
          name(), VALIDATION_FRACTION, value, "a number in (0, 0.5]");
    }
    double fraction = number.doubleValue();
    Dataset<Row>[] split = train.randomSplit(new double[] {1 - fraction, fraction}, context.seed());
    if (estimator instanceof XGBoostClassifier classifier) {
      classifier.setEvalDataset(split[1]);
    } else {
      ((XGBoostRegressor) estimator).setEvalDataset(split[1]);
    }
    return split[0];
  }

  @Override
  PipelineModel repairLoaded(PipelineModel model) {
    return repairLoadedPipeline(model);
  }

  /**
   * {@code model} with every XGBoost classifier stage (nested pipelines included) rebuilt with the
   * number of classes recorded in its {@code num_class} param; {@code model} itself if none needs
   * it. For pipelines read with {@code PipelineModel.load}.
   */
  public static PipelineModel repairLoadedPipeline(PipelineModel model) {
    Transformer[] stages = model.stages();
    List<Transformer> repaired = new ArrayList<>(stages.length);
    boolean changed = false;
    for (Transformer stage : stages) {
      Transformer fixed = repairStage(stage);
      changed |= fixed != stage;
      repaired.add(fixed);
    }
    // PipelineModel's constructor is Scala package-private (public in bytecode); Spark offers no
    // other way to replace a stage of a fitted pipeline.
    return changed ? new PipelineModel(model.uid(), repaired) : model;
  }

  private static Transformer repairStage(Transformer stage) {
    if (stage instanceof PipelineModel nested) {
      return repairLoadedPipeline(nested);
    }
    if (stage instanceof XGBoostClassificationModel classifier) {
      Param<Object> numClass = classifier.getParam("num_class");
      if (classifier.isDefined(numClass)) {
        int recorded = (Integer) classifier.getOrDefault(numClass);
        if (recorded > 2 && recorded != classifier.numClasses()) {
          XGBoostClassificationModel rebuilt =
              new XGBoostClassificationModel(
                  classifier.uid(), recorded, classifier.nativeBooster(), classifier.summary());
          return rebuilt.copy(classifier.extractParamMap());
        }
      }
    }
    return stage;
  }

  @Override
  boolean fitted(Transformer model) {
    return model instanceof XGBoostClassificationModel || model instanceof XGBoostRegressionModel;
  }

  /** Total gain of the splits on each feature. */
  @Override
  double[] importances(Transformer model) {
    Booster booster = ((XGBoostModel<?>) model).nativeBooster();
    try {
      int numFeatures = Math.toIntExact(booster.getNumFeature());
      String[] names = new String[numFeatures];
      for (int i = 0; i < numFeatures; i++) {
        names[i] = "f" + i;
      }
      Map<String, Double> gains = booster.booster().getScore(names, "total_gain");
      double[] importance = new double[numFeatures];
      for (int i = 0; i < numFeatures; i++) {
        importance[i] = gains.getOrDefault(names[i], 0.0);
      }
      return importance;
    } catch (XGBoostError e) {
      throw new IllegalStateException(
          "xgboost: cannot read feature importance from the booster: " + e.getMessage(), e);
    }
  }
}
