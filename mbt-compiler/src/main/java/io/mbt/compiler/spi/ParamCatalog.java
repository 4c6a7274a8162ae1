package io.mbt.compiler.spi;

import io.mbt.compiler.error.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The parameters an adapter accepts; validates a config map against them. */
public final class ParamCatalog {
  private final Map<String, ParamSpec> byName = new LinkedHashMap<>();
  private final Map<String, String> aliasToName = new LinkedHashMap<>();

  public ParamCatalog(Collection<ParamSpec> params) {
    for (ParamSpec p : params) {
      byName.put(p.name(), p);
      p.aliases().forEach(a -> aliasToName.put(a, p.name()));
    }
  }

  public static ParamCatalog of(ParamSpec... params) {
    return new ParamCatalog(List.of(params));
  }

  public Collection<ParamSpec> params() {
    return byName.values();
  }

  /** The canonical spec for a name or alias. */
  public Optional<ParamSpec> find(String key) {
    ParamSpec spec = byName.get(key);
    if (spec == null && aliasToName.containsKey(key)) {
      spec = byName.get(aliasToName.get(key));
    }
    return Optional.ofNullable(spec);
  }

  /** Unknown keys, wrong types, values out of range or not allowed, missing required keys, a key given twice under two aliases. */
  public List<ConfigIssue> validate(Map<String, Object> config, String what) {
    List<ConfigIssue> issues = new ArrayList<>();
    Map<String, String> seen = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : config.entrySet()) {
      String key = entry.getKey();
      Optional<ParamSpec> spec = find(key);
      if (spec.isEmpty()) {
        List<String> names = new ArrayList<>(byName.keySet());
        names.addAll(aliasToName.keySet());
        issues.add(new ConfigIssue(key, "unknown parameter '" + key + "' for " + what + Suggestions.didYouMean(key, names),
            "valid parameters: " + String.join(", ", new TreeSet<>(byName.keySet()))));
        continue;
      }
      String previous = seen.put(spec.get().name(), key);
      if (previous != null) {
        issues.add(new ConfigIssue(key, "'" + key + "' and '" + previous + "' set the same parameter " + spec.get().name(),
            "keep one of them"));
      }
      check(spec.get(), key, entry.getValue()).ifPresent(issues::add);
    }
    for (ParamSpec p : byName.values()) {
      if (p.required() && !seen.containsKey(p.name())) {
        issues.add(new ConfigIssue("", "missing required parameter '" + p.name() + "' for " + what, "add '" + p.name() + ":' — " + p.doc()));
      }
    }
    return issues;
  }

  private static Optional<ConfigIssue> check(ParamSpec p, String key, Object value) {
    if (value == null) {
      return Optional.empty();
    }
    switch (p.type()) {
      case INT -> {
        if (!(value instanceof Long || value instanceof Integer || value instanceof java.math.BigInteger)) {
          return wrong(key, "an integer", value, p);
        }
        return range(p, key, ((Number) value).doubleValue());
      }
      case DOUBLE -> {
        if (!(value instanceof Number n)) {
          return wrong(key, "a number", value, p);
        }
        return range(p, key, n.doubleValue());
      }
      case BOOLEAN -> {
        return value instanceof Boolean ? Optional.empty() : wrong(key, "true or false", value, p);
      }
      case STRING -> {
        if (value instanceof Map || value instanceof List) {
          return wrong(key, "a string", value, p);
        }
        String s = String.valueOf(value);
        if (!p.allowed().isEmpty() && !p.allowed().contains(s)) {
          return Optional.of(new ConfigIssue(key, "'" + s + "' is not a valid value for " + key + Suggestions.didYouMean(s, p.allowed()),
              "use one of: " + String.join(", ", new TreeSet<>(p.allowed()))));
        }
        return Optional.empty();
      }
      case STRING_LIST -> {
        if (!(value instanceof List<?> list)) {
          return wrong(key, "a list", value, p);
        }
        for (Object item : list) {
          if (!p.allowed().isEmpty() && !p.allowed().contains(String.valueOf(item))) {
            return Optional.of(new ConfigIssue(key, "'" + item + "' is not a valid entry for " + key + Suggestions.didYouMean(String.valueOf(item), p.allowed()),
                "use entries from: " + String.join(", ", new TreeSet<>(p.allowed()))));
          }
        }
        return Optional.empty();
      }
      case MAP -> {
        return value instanceof Map ? Optional.empty() : wrong(key, "a mapping", value, p);
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static Optional<ConfigIssue> range(ParamSpec p, String key, double v) {
    if (p.min().isPresent() && (p.minExclusive() ? v <= p.min().get() : v < p.min().get())) {
      return Optional.of(new ConfigIssue(key, key + " must be " + (p.minExclusive() ? "> " : ">= ") + fmt(p.min().get()) + ", but was: " + fmt(v),
          p.doc()));
    }
    if (p.max().isPresent() && v > p.max().get()) {
      return Optional.of(new ConfigIssue(key, key + " must be <= " + fmt(p.max().get()) + ", but was: " + fmt(v), p.doc()));
    }
    return Optional.empty();
  }

  private static Optional<ConfigIssue> wrong(String key, String expected, Object value, ParamSpec p) {
    String found = value instanceof String ? "the string '" + value + "'" : value instanceof Map ? "a mapping" : value instanceof List ? "a list" : String.valueOf(value);
    return Optional.of(new ConfigIssue(key, key + " must be " + expected + ", found " + found, p.doc()));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }
}
