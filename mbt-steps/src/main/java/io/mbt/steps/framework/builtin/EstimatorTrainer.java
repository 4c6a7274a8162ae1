package io.mbt.steps.framework.builtin;

import io.mbt.compiler.model.ProblemType;
import io.mbt.steps.StepsErrors;
import io.mbt.steps.framework.FrameworkTrainer;
import io.mbt.steps.framework.TrainedModel;
import io.mbt.steps.framework.TrainingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A framework backed by one Spark ML estimator per problem type: sets the columns and defaults,
 * binds the config ({@link ParamBinder}), fits a {@link Pipeline} whose last stage is the
 * estimator.
 */
abstract class EstimatorTrainer implements FrameworkTrainer {
  /** Spark params MBT sets from the pipeline, in every estimator. */
  private static final Set<String> COLUMN_PARAMS =
      Set.of("labelCol", "featuresCol", "featuresCols", "predictionCol", "probabilityCol",
          "rawPredictionCol");

  /** A new estimator for {@code problemType}, which {@link #problemTypes()} contains. */
  abstract Estimator<?> newEstimator(ProblemType problemType);

  /** Whether {@code model} is a model this framework fits. */
  abstract boolean fitted(Transformer model);

  /** The raw importance of each feature of {@code model}, by index; see {@link FittedModel}. */
  abstract double[] importances(Transformer model);

  /** Alias key to the snake_case name of the param it sets. */
  Map<String, String> aliases() {
    return Map.of();
  }

  /** Spark names of params MBT sets from the context, besides the columns. */
  Set<String> reservedParams() {
    return Set.of();
  }

  /** Spark names of params the config may not set. */
  Set<String> hiddenParams() {
    return Set.of();
  }

  /** What to use instead, when {@code problemType} is not supported; empty if nothing to say. */
  String unsupportedHint(ProblemType problemType) {
    return "";
  }

  /** Sets defaults that depend on the context, before the config is bound over them. */
  void applyDefaults(Params estimator, TrainingContext context, SparkSession spark) {}

  /** Checks the bound estimator against the context and session, before fitting. */
  void check(Params estimator, TrainingContext context, SparkSession spark) {}

  /** Config keys the trainer handles itself rather than binding them to an estimator param. */
  Set<String> trainerOptions() {
    return Set.of();
  }

  /**
   * Applies the trainer options present in the config (a subset of {@link #trainerOptions()})
   * and returns the data to fit on; {@code train} itself unless overridden.
   */
  Dataset<Row> prepare(
      Params estimator, Dataset<Row> train, TrainingContext context, Map<String, Object> options) {
    return train;
  }

  /** Stages to put before the estimator, fitted and saved with it; none unless overridden. */
  List<PipelineStage> stagesBefore(TrainingContext context) {
    return List.of();
  }

  /** Fixes what a library's model reader gets wrong; the identity unless overridden. */
  PipelineModel repairLoaded(PipelineModel model) {
    return model;
  }

  @Override
  public final Set<String> parameterNames(ProblemType problemType) {
    return binder(estimatorFor(problemType)).keys();
  }

  @Override
  public final TrainedModel train(Dataset<Row> train, TrainingContext context) {
    Estimator<?> estimator = estimatorFor(context.problemType());
    SparkSession spark = train.sparkSession();
    set(estimator, "labelCol", context.labelColumn());
    set(estimator, "featuresCol", context.featuresColumn());
    if (estimator.hasParam("seed")) {
      set(estimator, "seed", context.seed());
    }
    applyDefaults(estimator, context, spark);
    Map<String, Object> params = new LinkedHashMap<>(context.config());
    Map<String, Object> options = new LinkedHashMap<>();
    for (String option : trainerOptions()) {
      if (params.containsKey(option)) {
        options.put(option, params.remove(option));
      }
    }
    binder(estimator).bind(params);
    check(estimator, context, spark);
    Dataset<Row> data = prepare(estimator, train, context, options);
    List<PipelineStage> stages = new ArrayList<>(stagesBefore(context));
    stages.add(estimator);
    PipelineModel model =
        new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(data);
    return new FittedModel(name(), model, this::importances);
  }

  @Override
  public final TrainedModel load(String path) {
    PipelineModel model = repairLoaded(PipelineModel.load(path));
    Transformer[] stages = model.stages();
    Transformer last = stages.length == 0 ? null : stages[stages.length - 1];
    if (last == null || !fitted(last)) {
      throw StepsErrors.wrongModelType(
          name(), path,
          last == null ? "pipeline without stages" : last.getClass().getSimpleName());
    }
    return new FittedModel(name(), model, this::importances);
  }

  private Estimator<?> estimatorFor(ProblemType problemType) {
    if (!problemTypes().contains(problemType)) {
      Set<String> supported = new TreeSet<>();
      problemTypes().forEach(type -> supported.add(type.yamlName()));
      throw StepsErrors.unsupportedProblemType(
          name(), problemType.yamlName(), supported, unsupportedHint(problemType));
    }
    return newEstimator(problemType);
  }

  private ParamBinder binder(Params estimator) {
    Set<String> reserved = new TreeSet<>(COLUMN_PARAMS);
    reserved.addAll(reservedParams());
    return ParamBinder.forParams(
        name(), estimator, aliases(), reserved, hiddenParams(), trainerOptions());
  }

  /** Sets a param by its Spark name, for defaults. */
  @SuppressWarnings("unchecked")
  static void set(Params params, String name, Object value) {
    params.set((Param<Object>) params.getParam(name), value);
  }

  @Override
  public String toString() {
    return "FrameworkTrainer[" + name() + "]";
  }
}
