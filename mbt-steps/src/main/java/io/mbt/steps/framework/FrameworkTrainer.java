package io.mbt.steps.framework;

import io.mbt.compiler.model.ProblemType;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An ML framework that trains on Spark: the plugin kind behind {@code model_training.framework}.
 * Implementations are found with {@link java.util.ServiceLoader} (list them in {@code
 * META-INF/services/io.mbt.steps.framework.FrameworkTrainer}) and looked up by {@link #name()}
 * through {@link FrameworkTrainers}. They need a public no-argument constructor and must be
 * stateless: one instance trains many models, possibly at once.
 */
public interface FrameworkTrainer {

  /** The name written in pipelines, e.g. {@code xgboost}, {@code mllib_gbt}. */
  String name();

  /** The problem types {@link #train} accepts. */
  Set<ProblemType> problemTypes();

  /**
   * The config keys {@link #train} accepts for {@code problemType}, in snake_case, aliases
   * included.
   *
   * @throws IllegalArgumentException if the problem type is not supported
   */
  Set<String> parameterNames(ProblemType problemType);

  /**
   * Fits a model on {@code train} with the parameters of {@code context.config()}. Runs Spark jobs
   * on {@code train}'s session.
   *
   * @throws IllegalArgumentException if the problem type is not supported, or a config key is
   *     unknown, reserved or has a value of the wrong type or range; the message names the key and
   *     lists the valid ones
   */
  TrainedModel train(Dataset<Row> train, TrainingContext context);

  /**
   * Reads a model that {@link TrainedModel#save} wrote, using the active SparkSession.
   *
   * @throws IllegalArgumentException if the model there was fitted by another framework
   */
  TrainedModel load(String path);
}
