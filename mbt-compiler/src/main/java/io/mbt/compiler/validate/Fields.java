package io.mbt.compiler.validate;

import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.error.Suggestions;
import io.mbt.compiler.yaml.YEntry;
import io.mbt.compiler.yaml.YMap;
import io.mbt.compiler.yaml.YNode;
import io.mbt.compiler.yaml.YScalar;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The keys of one YAML mapping as an object shape reads them. Every key the shape asks for is
 * remembered; keys nobody asked for are reported as unknown, with a suggestion.
 */
public final class Fields {
  private final YMap map;
  private final String path;
  private final Binder binder;
  private final Set<String> known = new LinkedHashSet<>();

  Fields(YMap map, String path, Binder binder) {
    this.map = map;
    this.path = path;
    this.binder = binder;
  }

  public String path() {
    return path;
  }

  public Location location() {
    return map.location();
  }

  public Binder binder() {
    return binder;
  }

  public YMap node() {
    return map;
  }

  /** The value of a required key; reports it missing (null value counts as missing) and returns null. */
  public <T> T required(String key, Shape<T> shape) {
    known.add(key);
    Optional<YNode> node = present(key);
    if (node.isEmpty()) {
      binder.error(ErrorCode.MISSING_REQUIRED, map.location(), path, "missing required key '" + key + "'",
          "add '" + key + ": " + "<" + shape.expected() + ">'" + (path.isEmpty() ? " at the top level" : " under '" + path + "'"));
      return null;
    }
    return shape.bind(node.get(), Binder.child(path, key), binder);
  }

  public <T> Optional<T> optional(String key, Shape<T> shape) {
    known.add(key);
    return present(key).map(n -> shape.bind(n, Binder.child(path, key), binder));
  }

  public <T> T optional(String key, Shape<T> shape, T fallback) {
    return optional(key, shape).orElse(fallback);
  }

  public <T> T optionalOrElse(String key, Shape<T> shape, Supplier<T> fallback) {
    return optional(key, shape).orElseGet(fallback);
  }

  /** Marks a key as allowed without reading it (read elsewhere). */
  public void allow(String... keys) {
    known.addAll(List.of(keys));
  }

  public boolean has(String key) {
    return present(key).isPresent();
  }

  public Location locationOf(String key) {
    YEntry entry = map.entries().get(key);
    return entry == null ? map.location() : entry.keyLocation();
  }

  public String pathOf(String key) {
    return Binder.child(path, key);
  }

  /** Records a rule that spans several keys: reported at {@code key} when {@code ok} is false. */
  public void check(boolean ok, String key, ErrorCode code, String message, String hint) {
    if (!ok) {
      binder.error(code, locationOf(key), pathOf(key), message, hint);
    }
  }

  void reportUnknownKeys() {
    for (YEntry entry : map.entries().values()) {
      if (!known.contains(entry.key())) {
        binder.error(ErrorCode.UNKNOWN_KEY, entry.keyLocation(), Binder.child(path, entry.key()),
            "unknown key '" + entry.key() + "'" + Suggestions.didYouMean(entry.key(), known),
            "allowed keys " + (path.isEmpty() ? "at the top level" : "under '" + path + "'") + ": " + String.join(", ", known));
      }
    }
  }

  private Optional<YNode> present(String key) {
    Optional<YNode> node = map.get(key);
    if (node.isPresent() && node.get() instanceof YScalar scalar && scalar.isNull()) {
      return Optional.empty();
    }
    return node;
  }
}
