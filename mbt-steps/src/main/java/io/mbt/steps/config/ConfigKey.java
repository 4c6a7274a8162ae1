package io.mbt.steps.config;

import static java.util.Objects.requireNonNull;

import io.mbt.steps.StepsErrors;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A typed configuration key: its name, default, parser, validator and help text.
 *
 * <p>{@link #read} returns the default when the key is absent and throws {@link
 * IllegalArgumentException} naming the key, the expectation and the offending value when the value
 * does not parse or validate.
 *
 * @param key the key as written in configuration, e.g. {@code mbt.storage.retry.max_attempts}
 * @param defaultValue the value used when the key is absent
 * @param parser turns the text into a value; may throw any {@link RuntimeException} on bad input
 * @param validator accepts valid parsed values
 * @param expectation what a valid value is, for error messages, e.g. "an integer >= 1"
 * @param doc help text
 */
public record ConfigKey<T>(
    String key,
    T defaultValue,
    Function<String, T> parser,
    Predicate<T> validator,
    String expectation,
    String doc) {

  public ConfigKey {
    requireNonNull(key, "key is null");
    requireNonNull(defaultValue, "defaultValue is null");
    requireNonNull(parser, "parser is null");
    requireNonNull(validator, "validator is null");
    requireNonNull(expectation, "expectation is null");
    requireNonNull(doc, "doc is null");
  }

  /** An integer key whose values must be at least {@code min}. */
  public static ConfigKey<Integer> integer(String key, int defaultValue, int min, String doc) {
    return new ConfigKey<>(
        key, defaultValue, text -> Integer.parseInt(text.trim()), v -> v >= min,
        "an integer >= " + min, doc);
  }

  /** A long key whose values must be at least {@code min}. */
  public static ConfigKey<Long> longInteger(String key, long defaultValue, long min, String doc) {
    return new ConfigKey<>(
        key, defaultValue, text -> Long.parseLong(text.trim()), v -> v >= min,
        "an integer >= " + min, doc);
  }

  /** The value of this key in {@code conf}, or the default when absent. */
  public T read(Map<String, String> conf) {
    String text = conf.get(key);
    if (text == null) {
      return defaultValue;
    }
    T value;
    try {
      value = parser.apply(text);
    } catch (RuntimeException e) {
      throw StepsErrors.invalidConfigValue(key, text, expectation);
    }
    if (!validator.test(value)) {
      throw StepsErrors.invalidConfigValue(key, text, expectation);
    }
    return value;
  }
}
