package io.mbt.steps.framework.automl;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model AutoML may train.
 *
 * @param index its place in the search order, from 0; breaks ties in the ranking
 * @param modelId {@code <family>_<index + 1>}, unique within a search
 * @param params the family framework's config
 */
record Candidate(int index, String modelId, Family family, Map<String, Object> params) {
  Candidate {
    requireNonNull(modelId, "modelId is null");
    requireNonNull(family, "family is null");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  static Candidate of(int index, Family family, Map<String, Object> params) {
    return new Candidate(index, family.yamlName() + "_" + (index + 1), family, params);
  }
}
