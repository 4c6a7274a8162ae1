package io.mbt.steps.runner;

import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.framework.FrameworkTrainer;
import io.mbt.steps.training.TrainModelStep;

/**
 * Turns a manifest step's plugin class into a {@link Step}. Framework trainers become the
 * train_model step around them; anything else must implement {@link Step} itself.
 */
final class StepFactory {
  private StepFactory() {}

  static Step create(String stepName, String plugin) {
    Class<?> type;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      type = Class.forName(plugin, true, loader == null ? StepFactory.class.getClassLoader() : loader);
    } catch (ClassNotFoundException e) {
      throw new StepFailedException("step " + stepName + " needs class " + plugin + ", which is not on the classpath",
          "put the adapter's jar on the classpath (lib/ or spark-submit --jars), or recompile the manifest with this mbt version");
    }
    Object instance;
    try {
      instance = type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new StepFailedException("cannot create " + plugin + " for step " + stepName + ": " + e,
          "a step class needs a public no-argument constructor");
    }
    if (instance instanceof FrameworkTrainer trainer) {
      return new TrainModelStep(trainer);
    }
    if (instance instanceof Step step) {
      return step;
    }
    throw new StepFailedException(plugin + " is neither a Step nor a FrameworkTrainer", "implement io.mbt.steps.api.Step");
  }
}
