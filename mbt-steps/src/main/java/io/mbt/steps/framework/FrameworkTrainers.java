package io.mbt.steps.framework;

import io.mbt.steps.StepsErrors;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Finds the installed {@link FrameworkTrainer}s with {@link ServiceLoader}. */
public final class FrameworkTrainers {
  private FrameworkTrainers() {}

  /**
   * The trainer named {@code name}.
   *
   * @throws IllegalArgumentException naming the installed frameworks, if none has that name
   */
  public static FrameworkTrainer get(String name) {
    Map<String, FrameworkTrainer> installed = installed();
    FrameworkTrainer trainer = installed.get(name);
    if (trainer == null) {
      throw StepsErrors.unknownFramework(name, installed.keySet());
    }
    return trainer;
  }

  /** The names of the installed frameworks, sorted. */
  public static SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(installed().keySet()));
  }

  private static Map<String, FrameworkTrainer> installed() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = FrameworkTrainers.class.getClassLoader();
    }
    Map<String, FrameworkTrainer> trainers = new TreeMap<>();
    for (FrameworkTrainer trainer : ServiceLoader.load(FrameworkTrainer.class, loader)) {
      FrameworkTrainer previous = trainers.putIfAbsent(trainer.name(), trainer);
      if (previous != null && previous.getClass() != trainer.getClass()) {
        throw new IllegalStateException(
            "two installed frameworks are named '" + trainer.name() + "': "
                + previous.getClass().getName() + " and " + trainer.getClass().getName()
                + "; remove one of their jars from the class path");
      }
    }
    return trainers;
  }
}
