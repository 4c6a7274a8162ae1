package io.mbt.mf.request;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request to train (the seed's TrainBuildRequest): by-reference inputs only, never data.
 *
 * @param requestId the caller's id for this request; one request id names one run, ever
 * @param intent what the run is for
 * @param requesterPrincipal who asks (checked against the policy's principals before anything is read)
 * @param datasetManifests the pinned dataset manifests ({@code mbt dataset pin})
 * @param trainingConfig the training pipeline of the project and the digest of its resolved form
 * @param policyProfile the policy profile (gates, principals, retries): outcome-affecting, versioned
 * @param wiring where it runs: the profile target; never part of the run's identity
 * @param sourceRunId for {@link Intent#RE_GATE}: the run whose evidence is gated again
 * @param supersedes a run this one replaces (backfills, policy changes), recorded as a lineage link
 */
public record TrainRequest(
    String requestId,
    Intent intent,
    String requesterPrincipal,
    List<DigestRef> datasetManifests,
    TrainingConfigRef trainingConfig,
    DigestRef policyProfile,
    Map<String, String> wiring,
    Optional<String> sourceRunId,
    Optional<String> supersedes) {

  public TrainRequest {
    requireNonNull(requestId, "requestId is null");
    requireNonNull(intent, "intent is null");
    requireNonNull(requesterPrincipal, "requesterPrincipal is null");
    datasetManifests = List.copyOf(datasetManifests);
    requireNonNull(trainingConfig, "trainingConfig is null");
    requireNonNull(policyProfile, "policyProfile is null");
    wiring = Map.copyOf(wiring);
    requireNonNull(sourceRunId, "sourceRunId is null");
    requireNonNull(supersedes, "supersedes is null");
  }

  /** The training pipeline by name, and the digest of its resolved YAML (base and includes merged). */
  public record TrainingConfigRef(String pipeline, Optional<String> sha256) {
    public TrainingConfigRef {
      requireNonNull(pipeline, "pipeline is null");
      requireNonNull(sha256, "sha256 is null");
    }
  }

  /** The request as stored in the run's claim receipt, so a resume on another machine has it. */
  public java.util.Map<String, Object> toJson() {
    java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("request_id", requestId);
    json.put("intent", intent.yamlName());
    json.put("requester_principal", requesterPrincipal);
    json.put("dataset_manifests", datasetManifests.stream().map(TrainRequest::refJson).toList());
    java.util.Map<String, Object> config = new java.util.LinkedHashMap<>();
    config.put("pipeline", trainingConfig.pipeline());
    trainingConfig.sha256().ifPresent(d -> config.put("sha256", d));
    json.put("training_config", config);
    json.put("policy_profile", refJson(policyProfile));
    json.put("wiring", wiring);
    sourceRunId.ifPresent(s -> json.put("source_run_id", s));
    supersedes.ifPresent(s -> json.put("supersedes", s));
    return json;
  }

  private static java.util.Map<String, Object> refJson(DigestRef ref) {
    java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("uri", ref.uri());
    ref.sha256().ifPresent(d -> json.put("sha256", d));
    return json;
  }

  /** The request with every digest filled in (what {@code mbt mf request} writes). */
  public TrainRequest pinned(List<String> manifestDigests, String recipeDigest, String policyDigest) {
    List<DigestRef> manifests = new java.util.ArrayList<>();
    for (int i = 0; i < datasetManifests.size(); i++) {
      manifests.add(new DigestRef(datasetManifests.get(i).uri(), Optional.of(manifestDigests.get(i))));
    }
    return new TrainRequest(requestId, intent, requesterPrincipal, manifests, new TrainingConfigRef(trainingConfig.pipeline(),
        Optional.of(recipeDigest)), new DigestRef(policyProfile.uri(), Optional.of(policyDigest)), wiring, sourceRunId, supersedes);
  }

  /** The profile target the run uses, if the wiring names one. */
  public Optional<String> target() {
    return Optional.ofNullable(wiring.get("target"));
  }
}
