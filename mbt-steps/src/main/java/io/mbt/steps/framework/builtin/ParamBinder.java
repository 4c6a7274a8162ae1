package io.mbt.steps.framework.builtin;

import io.mbt.steps.StepsErrors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.FloatParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * Sets a Spark ML estimator's {@link Param}s from a framework config with snake_case keys: a key
 * names the param whose name, in snake_case, it is ({@code max_iter} sets {@code maxIter}; XGBoost's
 * params already have snake_case names), or an alias of one. Values are converted to the param's
 * type and checked by the param's own validator.
 *
 * <p>Only params of plain types (numbers, booleans, strings and their arrays) can be set; reserved
 * params (set from the pipeline) and hidden ones are refused.
 */
final class ParamBinder {
  private final String framework;
  private final Params target;
  private final Map<String, Param<?>> settable;
  private final Map<String, String> aliases;
  private final Set<String> reserved;
  private final Set<String> otherKeys;

  private ParamBinder(
      String framework, Params target, Map<String, Param<?>> settable,
      Map<String, String> aliases, Set<String> reserved, Set<String> otherKeys) {
    this.framework = framework;
    this.target = target;
    this.settable = settable;
    this.aliases = aliases;
    this.reserved = reserved;
    this.otherKeys = otherKeys;
  }

  /**
   * @param aliases alias key to the snake_case name of the param it sets
   * @param reservedParams Spark names of params MBT sets itself
   * @param hiddenParams Spark names of params config may not set (as if they did not exist)
   * @param otherKeys valid keys handled elsewhere (not bound here, but listed and suggested)
   */
  static ParamBinder forParams(
      String framework, Params target, Map<String, String> aliases, Set<String> reservedParams,
      Set<String> hiddenParams, Set<String> otherKeys) {
    Map<String, Param<?>> settable = new TreeMap<>();
    Set<String> reserved = new TreeSet<>();
    for (Param<?> param : target.params()) {
      String key = snakeCase(param.name());
      if (reservedParams.contains(param.name())) {
        reserved.add(key);
      } else if (!hiddenParams.contains(param.name()) && isSettable(target, param)) {
        settable.put(key, param);
      }
    }
    for (Map.Entry<String, String> alias : aliases.entrySet()) {
      if (!settable.containsKey(alias.getValue())) {
        throw new IllegalStateException(
            framework + ": alias '" + alias.getKey() + "' names no settable parameter '"
                + alias.getValue() + "'");
      }
    }
    return new ParamBinder(
        framework, target, settable, Map.copyOf(aliases), reserved, Set.copyOf(otherKeys));
  }

  /** The keys a config may use: param names in snake_case, aliases and other keys, sorted. */
  SortedSet<String> keys() {
    SortedSet<String> keys = new TreeSet<>(settable.keySet());
    keys.addAll(aliases.keySet());
    keys.addAll(otherKeys);
    return Collections.unmodifiableSortedSet(keys);
  }

  /** Sets every entry of {@code config} on the target, after checking them all. */
  void bind(Map<String, Object> config) {
    Map<String, String> keyByParam = new HashMap<>();
    List<Runnable> assignments = new ArrayList<>();
    for (Map.Entry<String, Object> entry : config.entrySet()) {
      String key = entry.getKey();
      String name = aliases.getOrDefault(key, key);
      if (reserved.contains(name)) {
        throw StepsErrors.reservedParameter(framework, key);
      }
      Param<?> param = settable.get(name);
      if (param == null) {
        throw StepsErrors.unknownParameter(framework, key, closest(key), keys());
      }
      String previous = keyByParam.putIfAbsent(name, key);
      if (previous != null) {
        throw StepsErrors.duplicateParameter(framework, previous, key);
      }
      Object value = convert(param, key, entry.getValue());
      assignments.add(() -> assign(param, key, value));
    }
    assignments.forEach(Runnable::run);
  }

  @SuppressWarnings("unchecked")
  private void assign(Param<?> param, String key, Object value) {
    try {
      target.set((Param<Object>) param, value);
    } catch (IllegalArgumentException e) {
      throw StepsErrors.parameterOutOfRange(framework, key, displayValue(value), param.doc());
    }
  }

  private Object convert(Param<?> param, String key, Object value) {
    try {
      if (value == null) {
        throw new IllegalArgumentException();
      }
      if (param instanceof IntParam) {
        return Math.toIntExact(integral(value));
      }
      if (param instanceof LongParam) {
        return integral(value);
      }
      if (param instanceof DoubleParam) {
        return number(value);
      }
      if (param instanceof FloatParam) {
        return (float) number(value);
      }
      if (param instanceof BooleanParam) {
        return bool(value);
      }
      if (param instanceof StringArrayParam) {
        return list(value).stream().map(ParamBinder::string).toArray(String[]::new);
      }
      if (param instanceof IntArrayParam) {
        return list(value).stream().mapToInt(v -> Math.toIntExact(integral(v))).toArray();
      }
      if (param instanceof DoubleArrayParam) {
        return list(value).stream().mapToDouble(ParamBinder::number).toArray();
      }
      return string(value);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw StepsErrors.invalidParameterValue(framework, key, value, expectation(param));
    }
  }

  private static long integral(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 0x1p53) {
        return (long) d;
      }
      throw new IllegalArgumentException();
    }
    if (value instanceof String s) {
      return Long.parseLong(s.trim());
    }
    throw new IllegalArgumentException();
  }

  private static double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      return Double.parseDouble(s.trim());
    }
    throw new IllegalArgumentException();
  }

  private static boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new IllegalArgumentException();
  }

  private static String string(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    throw new IllegalArgumentException();
  }

  private static List<?> list(Object value) {
    if (value instanceof List<?> list) {
      return list;
    }
    throw new IllegalArgumentException();
  }

  private static String expectation(Param<?> param) {
    if (param instanceof IntParam || param instanceof LongParam) {
      return "an integer";
    }
    if (param instanceof DoubleParam || param instanceof FloatParam) {
      return "a number";
    }
    if (param instanceof BooleanParam) {
      return "true or false";
    }
    if (param instanceof StringArrayParam) {
      return "a list of strings";
    }
    if (param instanceof IntArrayParam) {
      return "a list of integers";
    }
    if (param instanceof DoubleArrayParam) {
      return "a list of numbers";
    }
    return "a string";
  }

  private static Object displayValue(Object value) {
    if (value instanceof Object[] array) {
      return List.of(array);
    }
    if (value instanceof int[] array) {
      return java.util.Arrays.toString(array);
    }
    if (value instanceof double[] array) {
      return java.util.Arrays.toString(array);
    }
    return value;
  }

  /**
   * Plain types only. A plain {@link Param} is taken as a string param when its default is a string
   * or it has none (Spark's non-string plain params, such as coefficient bounds, are hidden by
   * their trainers); subclasses of other types (custom objectives, models) are never settable.
   */
  private static boolean isSettable(Params target, Param<?> param) {
    if (param instanceof IntParam || param instanceof LongParam || param instanceof DoubleParam
        || param instanceof FloatParam || param instanceof BooleanParam
        || param instanceof StringArrayParam || param instanceof IntArrayParam
        || param instanceof DoubleArrayParam) {
      return true;
    }
    if (param.getClass() != Param.class) {
      return false;
    }
    scala.Option<?> defaultValue = target.getDefault(param);
    return defaultValue.isEmpty() || defaultValue.get() instanceof String;
  }

  private Optional<String> closest(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : keys()) {
      int distance = editDistance(key, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 3) ? Optional.of(best) : Optional.empty();
  }

  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * {@code maxIter} to {@code max_iter}, {@code maxBlockSizeInMB} to {@code
   * max_block_size_in_mb}; names without capitals are returned as they are.
   */
  static String snakeCase(String name) {
    StringBuilder snake = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean afterLower = i > 0 && !Character.isUpperCase(name.charAt(i - 1));
        boolean startsWordInAcronym =
            i > 0 && Character.isUpperCase(name.charAt(i - 1))
                && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        if (afterLower || startsWordInAcronym) {
          snake.append('_');
        }
        snake.append(Character.toLowerCase(c));
      } else {
        snake.append(c);
      }
    }
    return snake.toString();
  }
}
