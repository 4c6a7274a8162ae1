package io.mbt.mf.admission;

import static java.util.Objects.requireNonNull;

import io.mbt.mf.dataset.DatasetManifest;
import io.mbt.mf.identity.TrainRunKey;
import io.mbt.mf.request.PolicyProfile;
import io.mbt.mf.request.TrainRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run is pinned to (MF-B9): the request, the policy and recipe by digest, the build,
 * the environment and the resolved dataset manifests. Stages read configuration only from here.
 *
 * @param recipeDigest the digest of the resolved training pipeline (base and includes merged, templates unrendered)
 * @param environment the profile target the run uses (wiring: never part of the identity)
 * @param datasets the manifests the request pins, each with the digest of its bytes
 */
public record MfContext(
    TrainRequest request,
    TrainRunKey key,
    String trainRunId,
    PolicyProfile policy,
    String policyDigest,
    String pipeline,
    String recipeDigest,
    String mfBuildId,
    String environment,
    String modelName,
    List<ResolvedManifest> datasets) {

  public MfContext {
    requireNonNull(request, "request is null");
    requireNonNull(key, "key is null");
    requireNonNull(trainRunId, "trainRunId is null");
    requireNonNull(policy, "policy is null");
    requireNonNull(policyDigest, "policyDigest is null");
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(recipeDigest, "recipeDigest is null");
    requireNonNull(mfBuildId, "mfBuildId is null");
    requireNonNull(environment, "environment is null");
    requireNonNull(modelName, "modelName is null");
    datasets = List.copyOf(datasets);
  }

  /** A dataset manifest as read: its reference, the digest of its bytes, its content. */
  public record ResolvedManifest(String uri, String sha256, DatasetManifest manifest) {
    public ResolvedManifest {
      requireNonNull(uri, "uri is null");
      requireNonNull(sha256, "sha256 is null");
      requireNonNull(manifest, "manifest is null");
    }
  }

  /** The correlation keys every signal of the run carries (MF-I2), plus the bundle fingerprint once there is one. */
  public Map<String, Object> correlation(java.util.Optional<String> bundleFingerprint) {
    Map<String, Object> keys = new LinkedHashMap<>();
    keys.put("train_run_id", trainRunId);
    keys.put("request_id", request.requestId());
    keys.put("policy_rev", policy.policyRev());
    keys.put("mf_build_id", mfBuildId);
    bundleFingerprint.ifPresent(f -> keys.put("bundle_fingerprint", f));
    return keys;
  }

  /** The context receipt's body (MF-B10): refs, digests, revisions; no secrets. */
  public Map<String, Object> toReceiptBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("request_id", request.requestId());
    body.put("intent", request.intent().yamlName());
    body.put("requester_principal", request.requesterPrincipal());
    body.put("train_run_key", key.toJson());
    body.put("policy_uri", request.policyProfile().uri());
    body.put("policy_digest", policyDigest);
    body.put("policy_rev", policy.policyRev());
    body.put("pipeline", pipeline);
    body.put("recipe_digest", recipeDigest);
    body.put("mf_build_id", mfBuildId);
    body.put("environment", environment);
    body.put("model_name", modelName);
    body.put("dataset_manifests", datasets.stream().map(d -> Map.of("uri", d.uri(), "sha256", d.sha256())).toList());
    body.put("authz", Map.of("verdict", "ALLOW", "can_publish", policy.mayPublish(request.requesterPrincipal())));
    return body;
  }
}
