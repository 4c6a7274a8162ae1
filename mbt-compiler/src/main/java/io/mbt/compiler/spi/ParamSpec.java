package io.mbt.compiler.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One documented parameter of an adapter's config, in Spark ML's Param style: a name, a doc
 * string and a validator (type, range, allowed values).
 */
public record ParamSpec(
    String name, Type type, String doc, Optional<Double> min, boolean minExclusive, Optional<Double> max, Set<String> allowed,
    List<String> aliases, boolean required) {

  public enum Type {
    INT,
    DOUBLE,
    STRING,
    BOOLEAN,
    STRING_LIST,
    MAP,
    ANY
  }

  public ParamSpec {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(type, "type is null");
    allowed = Set.copyOf(allowed);
    aliases = List.copyOf(aliases);
  }

  public static ParamSpec of(String name, Type type, String doc) {
    return new ParamSpec(name, type, doc, Optional.empty(), false, Optional.empty(), Set.of(), List.of(), false);
  }

  public ParamSpec atLeast(double value) {
    return new ParamSpec(name, type, doc, Optional.of(value), false, max, allowed, aliases, required);
  }

  public ParamSpec above(double value) {
    return new ParamSpec(name, type, doc, Optional.of(value), true, max, allowed, aliases, required);
  }

  public ParamSpec atMost(double value) {
    return new ParamSpec(name, type, doc, min, minExclusive, Optional.of(value), allowed, aliases, required);
  }

  public ParamSpec oneOf(String... values) {
    return new ParamSpec(name, type, doc, min, minExclusive, max, Set.of(values), aliases, required);
  }

  public ParamSpec alias(String... names) {
    return new ParamSpec(name, type, doc, min, minExclusive, max, allowed, List.of(names), required);
  }

  public ParamSpec mandatory() {
    return new ParamSpec(name, type, doc, min, minExclusive, max, allowed, aliases, true);
  }
}
