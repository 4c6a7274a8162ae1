package io.mbt.mf.bundle;

import io.mbt.mf.admission.MfContext;
import io.mbt.mf.engine.ArtifactLocator;
import io.mbt.mf.engine.EvalOutput;
import io.mbt.mf.engine.TrainOutput;
import io.mbt.mf.gate.GateVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assembles a bundle candidate (MF-F6..F8) from ledger-pinned pieces only: the TRAIN attempt's
 * artifact locators, the EVAL report, the PASS gate receipt, a compatibility descriptor and the
 * provenance. Nothing time- or host-derived goes in, so the same evidence always gives the same
 * fingerprint.
 */
public final class BundleAssembler {
  private BundleAssembler() {}

  /**
   * @param gateReceiptId the PASS gate receipt the candidate cites
   * @throws IllegalArgumentException if the compatibility descriptor lacks a field the policy requires
   */
  public static BundleCandidate assemble(MfContext context, String inputFingerprint, TrainOutput trained, EvalOutput evaluated,
      GateVerdict gate, String gateReceiptId, String evidenceFingerprint) {
    Map<String, Object> compatibility = compatibility(context, trained);
    List<String> missing = new ArrayList<>();
    for (String field : context.policy().compatibilityFields()) {
      Object value = compatibility.get(field);
      if (value == null || value instanceof java.util.Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty()) {
        missing.add(field);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("the compatibility descriptor lacks " + missing + " which policy " + context.policy().policyRev()
          + " requires; the training run did not report them");
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("bundle_version", 1);
    manifest.put("model_name", context.modelName());
    manifest.put("train_run_id", context.trainRunId());
    manifest.put("input_fingerprint", inputFingerprint);
    manifest.put("evidence_fingerprint", evidenceFingerprint);
    manifest.put("artifacts", trained.artifacts().stream().map(ArtifactLocator::toJson).toList());
    Map<String, Object> evaluation = new LinkedHashMap<>();
    evaluation.put("report", evaluated.report().toJson());
    evaluation.put("metrics", evaluated.metrics());
    manifest.put("evaluation", evaluation);
    Map<String, Object> gateRef = new LinkedHashMap<>();
    gateRef.put("receipt_id", gateReceiptId);
    gateRef.put("verdict", gate.verdict());
    gateRef.put("policy_rev", gate.policyRev());
    gateRef.put("policy_digest", gate.policyDigest());
    manifest.put("gate", gateRef);
    manifest.put("compatibility", compatibility);
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("dataset_manifests", context.datasets().stream().map(d -> Map.of("uri", d.uri(), "sha256", d.sha256())).toList());
    provenance.put("policy_rev", context.policy().policyRev());
    provenance.put("policy_digest", context.policyDigest());
    provenance.put("pipeline", context.pipeline());
    provenance.put("recipe_digest", context.recipeDigest());
    provenance.put("mf_build_id", context.mfBuildId());
    provenance.put("intent", context.request().intent().yamlName());
    context.request().supersedes().ifPresent(s -> provenance.put("supersedes", s));
    manifest.put("provenance", provenance);
    return BundleCandidate.of(context.modelName(), manifest);
  }

  /** Feature versions from the manifests, schema and label from the training run, scope from the recipe. */
  static Map<String, Object> compatibility(MfContext context, TrainOutput trained) {
    Map<String, Object> compatibility = new LinkedHashMap<>();
    Map<String, String> featureVersions = new LinkedHashMap<>();
    context.datasets().forEach(d -> featureVersions.putAll(d.manifest().featureVersions()));
    compatibility.put("feature_versions", featureVersions);
    context.datasets().stream().map(d -> d.manifest().featurePack()).flatMap(Optional::stream).findFirst()
        .ifPresent(p -> compatibility.put("feature_pack", p));
    for (String key : List.of("feature_columns", "training_schema", "label")) {
      Object value = trained.metadata().get(key);
      if (value != null) {
        compatibility.put(key, value);
      }
    }
    compatibility.put("scope", context.key().scope());
    return compatibility;
  }
}
