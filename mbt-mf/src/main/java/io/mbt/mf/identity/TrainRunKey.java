package io.mbt.mf.identity;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identity of a training run (MF-P3, MF-A2): everything that decides what the run produces,
 * and nothing else. The request id, the caller, the wiring (where it runs) and the wall clock are
 * not part of it, so a retried or duplicated request with the same pinned inputs gets the same
 * {@link #trainRunId()}.
 *
 * @param intent what the run is for ({@code baseline_train}, {@code backfill_retrain}, ...)
 * @param datasetManifestDigests the digests of the pinned dataset manifests; kept sorted
 * @param recipeDigest the digest of the resolved training pipeline (base and includes merged, no target wiring)
 * @param featurePack the feature pack/version set the manifests pin, if any
 * @param policyDigest the digest of the policy profile's bytes
 * @param mfBuildId the code that runs it: the same inputs under another build are another run
 * @param scope the decision surface (the pipeline's model family), so two recipes never share a run
 */
public record TrainRunKey(
    String intent,
    List<String> datasetManifestDigests,
    String recipeDigest,
    Optional<String> featurePack,
    String policyDigest,
    String mfBuildId,
    String scope) {

  public static final String DOMAIN = "mf_train_run_key_v1";

  public TrainRunKey {
    requireNonNull(intent, "intent is null");
    requireNonNull(datasetManifestDigests, "datasetManifestDigests is null");
    requireNonNull(recipeDigest, "recipeDigest is null");
    requireNonNull(featurePack, "featurePack is null");
    requireNonNull(policyDigest, "policyDigest is null");
    requireNonNull(mfBuildId, "mfBuildId is null");
    requireNonNull(scope, "scope is null");
    if (datasetManifestDigests.isEmpty()) {
      throw new IllegalArgumentException("a train run key needs at least one dataset manifest digest");
    }
    datasetManifestDigests = datasetManifestDigests.stream().sorted().distinct().toList();
  }

  /** The key as the canonical JSON object it is hashed over. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("intent", intent);
    json.put("dataset_manifest_digests", datasetManifestDigests);
    json.put("recipe_digest", recipeDigest);
    json.put("feature_pack", featurePack.orElse(null));
    json.put("policy_digest", policyDigest);
    json.put("mf_build_id", mfBuildId);
    json.put("scope", scope);
    return json;
  }

  /** The digest of the canonical key. */
  public String digest() {
    return Digests.tagged(DOMAIN, toJson());
  }

  /** {@code tr_} and the first 32 hex digits of {@link #digest()}: stable, never time-derived. */
  public String trainRunId() {
    return "tr_" + Digests.hex(digest()).substring(0, 32);
  }
}
