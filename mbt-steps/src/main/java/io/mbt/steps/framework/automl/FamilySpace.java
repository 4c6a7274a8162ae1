package io.mbt.steps.framework.automl;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The hyperparameters AutoML tries for one family, as framework config keys.
 *
 * @param fixed set on every candidate (e.g. XGBoost's {@code nthread})
 * @param defaults the family's sensible default, tried first
 * @param dimensions what random draws vary, each drawn in this order
 */
record FamilySpace(
    Family family, Map<String, Object> fixed, Map<String, Object> defaults,
    List<Dimension> dimensions) {

  FamilySpace {
    requireNonNull(family, "family is null");
    fixed = ordered(requireNonNull(fixed, "fixed is null"));
    defaults = ordered(requireNonNull(defaults, "defaults is null"));
    dimensions = List.copyOf(dimensions);
  }

  /** The default candidate's config. */
  Map<String, Object> defaultConfig() {
    Map<String, Object> config = new LinkedHashMap<>(defaults);
    config.putAll(fixed);
    return Collections.unmodifiableMap(config);
  }

  /** A random candidate's config: the defaults with every dimension drawn. */
  Map<String, Object> draw(Random random) {
    Map<String, Object> config = new LinkedHashMap<>(defaults);
    for (Dimension dimension : dimensions) {
      config.put(dimension.name(), dimension.draw(random));
    }
    config.putAll(fixed);
    return Collections.unmodifiableMap(config);
  }

  private static Map<String, Object> ordered(Map<String, Object> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
