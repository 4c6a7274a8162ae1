package io.mbt.steps.framework.automl;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Random;

/**
 * One hyperparameter of a family's search space and how to draw it. Drawn doubles keep three
 * significant digits, so leaderboards stay readable and configs can be copied into a pipeline.
 */
sealed interface Dimension {

  /** The framework config key it sets. */
  String name();

  /** A value drawn from {@code random}; consumes the same number of draws on every call. */
  Object draw(Random random);

  static Dimension integers(String name, int min, int max) {
    return new Integers(name, min, max);
  }

  static Dimension uniform(String name, double min, double max) {
    return new Uniform(name, min, max);
  }

  static Dimension logUniform(String name, double min, double max) {
    return new LogUniform(name, min, max);
  }

  static Dimension choice(String name, Object... values) {
    return new Choice(name, List.of(values));
  }

  /** Integers in {@code [min, max]}, uniformly. */
  record Integers(String name, int min, int max) implements Dimension {
    public Integers {
      requireNonNull(name, "name is null");
      if (min > max) {
        throw new IllegalArgumentException(name + ": min " + min + " > max " + max);
      }
    }

    @Override
    public Object draw(Random random) {
      return min + random.nextInt(max - min + 1);
    }
  }

  /** Doubles in {@code [min, max]}, uniformly. */
  record Uniform(String name, double min, double max) implements Dimension {
    public Uniform {
      requireNonNull(name, "name is null");
      if (!(min <= max)) {
        throw new IllegalArgumentException(name + ": min " + min + " > max " + max);
      }
    }

    @Override
    public Object draw(Random random) {
      return clamp(round(min + random.nextDouble() * (max - min)), min, max);
    }
  }

  /** Doubles in {@code [min, max]} whose logarithm is uniform: for rates and penalties. */
  record LogUniform(String name, double min, double max) implements Dimension {
    public LogUniform {
      requireNonNull(name, "name is null");
      if (!(min > 0 && min <= max)) {
        throw new IllegalArgumentException(
            name + ": needs 0 < min <= max, but was: [" + min + ", " + max + "]");
      }
    }

    @Override
    public Object draw(Random random) {
      double log = Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min));
      return clamp(round(Math.exp(log)), min, max);
    }
  }

  /** One of a few values, uniformly. */
  record Choice(String name, List<Object> values) implements Dimension {
    public Choice {
      requireNonNull(name, "name is null");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException(name + ": no values to choose from");
      }
    }

    @Override
    public Object draw(Random random) {
      return values.get(random.nextInt(values.size()));
    }
  }

  private static double round(double value) {
    return new BigDecimal(value).round(new MathContext(3)).doubleValue();
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }
}
