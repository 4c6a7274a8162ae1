package io.mbt.steps.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.mbt.steps.features.LabelInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code run.json} of the local registry (snake_case keys). Artifact paths are relative to the run
 * directory, so a registry can be moved or copied whole. {@code source} marks who logged a run that
 * {@code log_run} did not ({@code model_factory}); absent for training runs (and in older files).
 */
record RunDocument(
    int formatVersion,
    String registryRunId,
    String mbtRunId,
    String pipeline,
    Optional<String> experiment,
    List<String> tags,
    Map<String, Object> params,
    Map<String, Double> metrics,
    String createdAt,
    String status,
    LabelInfo label,
    JsonNode trainingSchema,
    Map<String, String> artifacts,
    Optional<String> source) {

  static final int FORMAT_VERSION = 1;
  static final String FILE = "run.json";
  static final String MODEL = "model";
  static final String TRANSFORMS = "transforms";
  static final String METRICS = "metrics.json";
  static final String PLOTS = "plots";

  /** Whether the Model Factory logged it: {@code run_id: latest} and run listings skip those. */
  boolean isCandidate() {
    return source != null && source.filter(CandidateBundles.SOURCE_MODEL_FACTORY::equals).isPresent();
  }
}
