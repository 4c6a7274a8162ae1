package io.mbt.steps.registry;

import io.mbt.steps.testing.SharedSpark;
import io.mbt.steps.training.EvaluateStepFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Model Factory candidates for the publish tests of both registries: a trained churn pipeline's
 * run ({@link EvaluateStepFixture#training}) wrapped in a bundle with a compatibility descriptor
 * and provenance.
 */
public final class CandidateFixture {
  public static final String FINGERPRINT = "sha256:" + "ab".repeat(32);
  public static final String OTHER_FINGERPRINT = "sha256:" + "cd".repeat(32);

  private final EvaluateStepFixture.Training training;

  private CandidateFixture(EvaluateStepFixture.Training training) {
    this.training = training;
  }

  /** Trains the fixture's model into {@code dir} (once per test class). */
  public static CandidateFixture in(Path dir) {
    return new CandidateFixture(EvaluateStepFixture.training(SharedSpark.session(), dir));
  }

  /** A run of {@code pipeline} to log, as a gatherer would give it. */
  public RunToLog run(String pipeline, String mbtRunId, Instant createdAt) {
    return new RunToLog(pipeline, mbtRunId, Optional.of("churn"), List.of("churn"), Map.of("framework", "mllib_logistic_regression"),
        Map.of("roc_auc", 0.84), Map.of("metrics", Map.of("roc_auc", 0.84)), EvaluateStepFixture.LABEL,
        TrainingSchema.of(training.raw().schema(), EvaluateStepFixture.LABEL, Optional.of(EvaluateStepFixture.SCHEMA)),
        training.uris().get("train_model.model"), training.combined(), Optional.empty(), createdAt);
  }

  /** The canonical manifest bytes of a bundle (any JSON object; {@code salt} makes different bytes). */
  public static byte[] manifest(String salt) {
    return ("{\"bundle\":\"churn\",\"model_digest\":\"sha256:0001\",\"salt\":\"" + salt + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  public static Map<String, Object> compatibility() {
    Map<String, Object> compatibility = new LinkedHashMap<>();
    compatibility.put("feature_columns", List.of("x1", "x2", "plan"));
    compatibility.put("training_schema", Map.of("x1", "double", "x2", "double", "plan", "string"));
    return compatibility;
  }

  public static Map<String, String> provenance(String trainRunId) {
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("train_run_id", trainRunId);
    provenance.put("policy_rev", "policy@3");
    provenance.put("input_fingerprint", "sha256:" + "11".repeat(32));
    provenance.put("mf_build_id", "mf-build-7");
    return provenance;
  }

  /** A valid bundle of model {@code model}, whose run is {@code mbtRunId} of pipeline {@code pipeline}. */
  public BundleToPublish bundle(String model, String fingerprint, String salt, String pipeline, String mbtRunId) {
    return new BundleToPublish(model, fingerprint, manifest(salt), run(pipeline, mbtRunId, Instant.parse("2026-02-01T10:00:00Z")), compatibility(),
        provenance("trk_" + salt));
  }
}
