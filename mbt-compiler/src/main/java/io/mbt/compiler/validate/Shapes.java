package io.mbt.compiler.validate;

import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Suggestions;
import io.mbt.compiler.model.YamlEnum;
import io.mbt.compiler.yaml.YInclude;
import io.mbt.compiler.yaml.YMap;
import io.mbt.compiler.yaml.YNode;
import io.mbt.compiler.yaml.YScalar;
import io.mbt.compiler.yaml.YSeq;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The building blocks of the pipeline schema. */
public final class Shapes {
  private Shapes() {}

  /** Any scalar, read as written (so {@code Yes} stays "Yes"); blank strings are rejected. */
  public static Shape<String> string() {
    return named("a string", (node, path, b) -> {
      if (node instanceof YScalar s && !s.isNull()) {
        if (s.text().isBlank()) {
          b.error(ErrorCode.INVALID_VALUE, node.location(), path, "must not be blank", "write a value or remove the key");
          return null;
        }
        return s.text();
      }
      b.wrongType(node, path, "a string");
      return null;
    });
  }

  /** A name: letters, digits, '_', '-', '.'. Used for pipeline and step names. */
  public static Shape<String> identifier() {
    Pattern allowed = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    return named("a name", (node, path, b) -> {
      String s = string().bind(node, path, b);
      if (s != null && !allowed.matcher(s).matches()) {
        b.error(ErrorCode.INVALID_VALUE, node.location(), path, "'" + s + "' is not a valid name",
            "use letters, digits, '_', '-' or '.', starting with a letter or '_'");
        return null;
      }
      return s;
    });
  }

  public static Shape<Long> integer() {
    return named("an integer", (node, path, b) -> {
      if (node instanceof YScalar s && s.kind() == YScalar.Kind.INT) {
        // YAML's own reading: 0x1F, 0o17 and 1_000 are integers too.
        Object value = s.toPlain();
        if (value instanceof Long l) {
          return l;
        }
        if (value instanceof java.math.BigInteger big && big.bitLength() < 64) {
          return big.longValue();
        }
        if (value instanceof java.math.BigInteger) {
          b.error(ErrorCode.INVALID_VALUE, node.location(), path, "must be at most " + Long.MAX_VALUE + " in magnitude, but was: " + s.text(),
              "use a smaller number");
          return null;
        }
      }
      if (node instanceof YScalar s && s.kind() == YScalar.Kind.STRING) {
        try {
          return Long.parseLong(s.text().replace("_", "").trim());
        } catch (NumberFormatException e) {
          // fall through to the type error
        }
      }
      b.wrongType(node, path, "an integer");
      return null;
    });
  }

  public static Shape<Long> integer(long min, long max) {
    return named(rangeText("an integer", min, max), (node, path, b) -> {
      Long value = integer().bind(node, path, b);
      if (value != null && (value < min || value > max)) {
        b.error(ErrorCode.INVALID_VALUE, node.location(), path, "must be " + rangeText("", min, max).trim() + ", but was: " + value,
            "use a value in range");
        return null;
      }
      return value;
    });
  }

  public static Shape<Integer> smallInt(int min, int max) {
    Shape<Long> inner = integer(min, max);
    return named(inner.expected(), (node, path, b) -> {
      Long value = inner.bind(node, path, b);
      return value == null ? null : value.intValue();
    });
  }

  public static Shape<Double> number() {
    return named("a number", (node, path, b) -> {
      if (node instanceof YScalar s && s.kind() != YScalar.Kind.NULL && s.kind() != YScalar.Kind.BOOL) {
        try {
          double value = Double.parseDouble(s.text().replace("_", "").trim());
          if (!Double.isNaN(value)) {
            return value;
          }
        } catch (NumberFormatException e) {
          // fall through
        }
      }
      b.wrongType(node, path, "a number");
      return null;
    });
  }

  public static Shape<Double> number(double min, double max) {
    return named(rangeText("a number", min, max), (node, path, b) -> {
      Double value = number().bind(node, path, b);
      if (value != null && (value < min || value > max)) {
        b.error(ErrorCode.INVALID_VALUE, node.location(), path,
            "must be " + rangeText("", min, max).trim() + ", but was: " + trim(value), "use a value in range");
        return null;
      }
      return value;
    });
  }

  public static Shape<Boolean> bool() {
    return named("true or false", (node, path, b) -> {
      if (node instanceof YScalar s && s.kind() == YScalar.Kind.BOOL) {
        return (Boolean) s.toPlain();
      }
      if (node instanceof YScalar s && (s.text().equals("true") || s.text().equals("false"))) {
        return Boolean.parseBoolean(s.text());
      }
      b.wrongType(node, path, "true or false");
      return null;
    });
  }

  /** One of an enum's YAML names (or aliases), with a suggestion when misspelt. */
  public static <E extends Enum<E> & YamlEnum> Shape<E> enumOf(Class<E> type) {
    E[] values = type.getEnumConstants();
    List<String> names = Arrays.stream(values).map(YamlEnum::yamlName).toList();
    return named("one of " + String.join(" | ", names), (node, path, b) -> {
      if (!(node instanceof YScalar s) || s.isNull()) {
        b.wrongType(node, path, "one of " + String.join(" | ", names));
        return null;
      }
      for (E value : values) {
        if (value.yamlName().equals(s.text()) || value.aliases().contains(s.text())) {
          return value;
        }
      }
      List<String> all = new ArrayList<>(names);
      Arrays.stream(values).forEach(v -> all.addAll(v.aliases()));
      b.error(ErrorCode.INVALID_VALUE, node.location(), path,
          "'" + s.text() + "' is not a valid value" + Suggestions.didYouMean(s.text(), all),
          "use one of: " + String.join(", ", names));
      return null;
    });
  }

  /** One of a fixed set of strings. */
  public static Shape<String> oneOf(Collection<String> allowed) {
    return named("one of " + String.join(" | ", allowed), (node, path, b) -> {
      String s = string().bind(node, path, b);
      if (s != null && !allowed.contains(s)) {
        b.error(ErrorCode.INVALID_VALUE, node.location(), path, "'" + s + "' is not a valid value" + Suggestions.didYouMean(s, allowed),
            "use one of: " + String.join(", ", allowed));
        return null;
      }
      return s;
    });
  }

  public static <T> Shape<List<T>> listOf(Shape<T> item) {
    return named("a list of " + item.expected(), (node, path, b) -> {
      if (!(node instanceof YSeq seq)) {
        b.wrongType(node, path, "a list of " + item.expected());
        return null;
      }
      List<T> out = new ArrayList<>();
      boolean ok = true;
      for (int i = 0; i < seq.items().size(); i++) {
        T value = item.bind(seq.items().get(i), Binder.index(path, i), b);
        if (value == null) {
          ok = false;
        } else {
          out.add(value);
        }
      }
      return ok ? List.copyOf(out) : null;
    });
  }

  public static <T> Shape<List<T>> nonEmptyListOf(Shape<T> item) {
    Shape<List<T>> inner = listOf(item);
    return named("a non-empty list of " + item.expected(), (node, path, b) -> {
      List<T> value = inner.bind(node, path, b);
      if (value != null && value.isEmpty()) {
        b.error(ErrorCode.INVALID_VALUE, node.location(), path, "must not be an empty list", "list at least one " + item.expected());
        return null;
      }
      return value;
    });
  }

  /** A single value or a list of them: {@code join_key: id} and {@code join_key: [id, date]} both work. */
  public static <T> Shape<List<T>> oneOrMany(Shape<T> item) {
    Shape<List<T>> list = nonEmptyListOf(item);
    return named(item.expected() + " or a list of them", (node, path, b) -> {
      if (node instanceof YSeq) {
        return list.bind(node, path, b);
      }
      T value = item.bind(node, path, b);
      return value == null ? null : List.of(value);
    });
  }

  /** A mapping with free keys, each value of one shape; order kept. */
  public static <T> Shape<Map<String, T>> mapOf(Shape<T> value) {
    return named("a mapping", (node, path, b) -> {
      if (!(node instanceof YMap map)) {
        b.wrongType(node, path, "a mapping");
        return null;
      }
      Map<String, T> out = new LinkedHashMap<>();
      boolean ok = true;
      for (var entry : map.entries().values()) {
        T v = value.bind(entry.value(), Binder.child(path, entry.key()), b);
        if (v == null) {
          ok = false;
        } else {
          out.put(entry.key(), v);
        }
      }
      return ok ? java.util.Collections.unmodifiableMap(out) : null;
    });
  }

  /** Any YAML value as plain Java (framework config is passed through and checked by its adapter). */
  public static Shape<Object> plain() {
    return named("a value", (node, path, b) -> {
      if (rejectInclude(node, path, b)) {
        return null;
      }
      return node.toPlain();
    });
  }

  /** A plain mapping: {@code Map<String, Object>}. */
  public static Shape<Map<String, Object>> plainMap() {
    Shape<Map<String, Object>> inner = mapOf(named("a value", (node, path, b) -> {
      if (rejectInclude(node, path, b)) {
        return null;
      }
      Object value = node.toPlain();
      return value == null ? NullValue.INSTANCE : value;
    }));
    return named("a mapping", (node, path, b) -> {
      Map<String, Object> raw = inner.bind(node, path, b);
      if (raw == null) {
        return null;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      raw.forEach((k, v) -> out.put(k, v == NullValue.INSTANCE ? null : v));
      return java.util.Collections.unmodifiableMap(out);
    });
  }

  /**
   * Reports an {@code !include} left below {@code node}: only pipeline files have their includes
   * resolved, so one in mbt_project.yaml, profiles.yaml or a test file cannot become a value.
   */
  private static boolean rejectInclude(YNode node, String path, Binder b) {
    if (node instanceof YInclude include) {
      b.error(ErrorCode.WRONG_TYPE, include.location(), path, "!include '" + include.path() + "' is not resolved in this file",
          "!include works in pipeline files only; write the value here instead");
      return true;
    }
    if (node instanceof YMap map) {
      boolean found = false;
      for (var entry : map.entries().values()) {
        found |= rejectInclude(entry.value(), Binder.child(path, entry.key()), b);
      }
      return found;
    }
    if (node instanceof YSeq seq) {
      boolean found = false;
      for (int i = 0; i < seq.items().size(); i++) {
        found |= rejectInclude(seq.items().get(i), Binder.index(path, i), b);
      }
      return found;
    }
    return false;
  }

  /** A mapping read field by field into a record. */
  public static <T> Shape<T> object(String description, Function<Fields, T> reader) {
    return named(description, (node, path, b) -> {
      if (!(node instanceof YMap map)) {
        b.wrongType(node, path, description);
        return null;
      }
      int before = b.problems().errorCount();
      Fields fields = new Fields(map, path, b);
      T value = reader.apply(fields);
      fields.reportUnknownKeys();
      // Records are only built from clean input; a broken sub-tree yields null, never half a record.
      return b.problems().errorCount() > before ? null : value;
    });
  }

  /** A Kubernetes-style quantity: {@code "8"}, {@code 0.5}, {@code "500m"} for CPU. */
  public static Shape<String> cpuQuantity() {
    Pattern cpu = Pattern.compile("\\d+(\\.\\d+)?m?");
    return pattern("a CPU quantity like \"8\", \"0.5\" or \"500m\"", cpu);
  }

  /** A memory quantity: {@code "32Gi"}, {@code "512Mi"}, {@code "4G"}. */
  public static Shape<String> memoryQuantity() {
    Pattern memory = Pattern.compile("\\d+(\\.\\d+)?(Ki|Mi|Gi|Ti|K|M|G|T|k)?");
    return pattern("a memory quantity like \"32Gi\" or \"512Mi\"", memory);
  }

  public static Shape<String> pattern(String description, Pattern pattern) {
    return named(description, (node, path, b) -> {
      if (!(node instanceof YScalar s) || s.isNull() || s.kind() == YScalar.Kind.BOOL) {
        b.wrongType(node, path, description);
        return null;
      }
      if (!pattern.matcher(s.text().trim()).matches()) {
        b.error(ErrorCode.INVALID_VALUE, node.location(), path, "'" + s.text() + "' is not " + description, "write " + description);
        return null;
      }
      return s.text().trim();
    });
  }

  public static <T> Shape<T> named(String description, Shape<T> shape) {
    return shape.describedAs(description);
  }

  private static String rangeText(String what, double min, double max) {
    boolean hasMin = min != Double.NEGATIVE_INFINITY && min != Long.MIN_VALUE;
    boolean hasMax = max != Double.POSITIVE_INFINITY && max != Long.MAX_VALUE;
    if (hasMin && hasMax) {
      return what + " between " + trim(min) + " and " + trim(max);
    }
    if (hasMin) {
      return what + " >= " + trim(min);
    }
    if (hasMax) {
      return what + " <= " + trim(max);
    }
    return what;
  }

  static String trim(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
  }

  private enum NullValue {
    INSTANCE
  }
}
