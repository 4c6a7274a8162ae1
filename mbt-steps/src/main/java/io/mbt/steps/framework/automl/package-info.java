/**
 * {@code framework: automl}: a cross-validated hyperparameter search over the XGBoost and Spark
 * MLlib frameworks, run on Spark. {@link io.mbt.steps.framework.automl.AutoMLTrainer} is the
 * framework; it returns an {@link io.mbt.steps.framework.automl.AutoMLModel} that carries the
 * {@link io.mbt.steps.framework.automl.Leaderboard}.
 */
package io.mbt.steps.framework.automl;
