package io.mbt.steps.registry.mlflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.steps.registry.BundleToPublish;
import io.mbt.steps.registry.CandidateBundles;
import io.mbt.steps.registry.PublishOutcomeUnknownException;
import io.mbt.steps.registry.PublishReason;
import io.mbt.steps.registry.PublishResult;
import io.mbt.steps.registry.PublishedBundle;
import io.mbt.steps.registry.RegistryException;
import io.mbt.steps.registry.RegistryUnavailableException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link io.mbt.steps.registry.ModelRegistry#publishBundle} and {@code bundleStatus} of the mlflow
 * registry. The bundle's version carries the tags of {@link CandidateBundles#versionTags}; its run
 * is tagged {@code mbt.source=model_factory} and {@code mbt.bundle_fingerprint} and holds the
 * manifest bytes ({@value #MANIFEST}) and the compatibility descriptor ({@value #COMPATIBILITY}).
 *
 * <p>Publishing: (1) a bundle that breaks {@link CandidateBundles}' rules is REJECTED; (2) versions
 * of the model tagged with the fingerprint are searched; if there are any, go to 5; (3) the run is
 * logged and the registered model created if needed; (4) the version is created with its tags in
 * ONE request, never retried (MLflow's create is not idempotent); (5) the fingerprint's versions
 * are searched again: the lowest is the bundle's, every other is a duplicate and is deleted; the
 * outcome compares the lowest's manifest digest with this bundle's (CONFLICT if they differ), and
 * is PUBLISHED if the lowest is the version this call created, ALREADY_PUBLISHED otherwise.
 *
 * <p>Failures in 2–3, and a create that never reached the server, leave no version: {@link
 * RegistryUnavailableException}. A create that was sent but got no answer, a timeout, or a 5xx
 * answer, and any failure in 5, may have left one: {@link PublishOutcomeUnknownException}. A 4xx
 * answer to the create is MLflow refusing it: REJECTED with {@link PublishReason#REGISTRY_REFUSED}.
 *
 * <p>The window that remains: MLflow has no conditional create, so publishers racing between steps
 * 2 and 5 each create a version, and until the losers' step 5 deletes them a reader sees two
 * versions with the fingerprint ({@link #status} reports the lowest, the one that stays). A
 * publisher stopped between 4 and 5 leaves its duplicate until the next publish of the
 * fingerprint, which deletes it.
 */
final class MlflowBundlePublisher {
  static final String MANIFEST = "bundle_manifest.json";
  static final String COMPATIBILITY = "bundle_compatibility.json";

  /** A version carrying a fingerprint, from a model-versions search. */
  record TaggedVersion(String version, String runId, Instant createdAt, Map<String, String> tags) {
    long number() {
      return Long.parseLong(version);
    }
  }

  private final MlflowModelRegistry registry;
  private final MlflowRest rest;
  private final Runnable beforeCreate;

  MlflowBundlePublisher(MlflowModelRegistry registry) {
    this(registry, () -> {});
  }

  /** @param beforeCreate runs right before the create-version request: tests line racing publishers up on it */
  MlflowBundlePublisher(MlflowModelRegistry registry, Runnable beforeCreate) {
    this.registry = requireNonNull(registry, "registry is null");
    this.rest = registry.rest();
    this.beforeCreate = requireNonNull(beforeCreate, "beforeCreate is null");
  }

  PublishResult publish(BundleToPublish bundle) {
    Optional<PublishResult> rejected = CandidateBundles.check(bundle);
    if (rejected.isPresent()) {
      return rejected.get();
    }
    String model = bundle.modelName();
    String fingerprint = bundle.bundleFingerprint();
    String runId;
    try {
      List<TaggedVersion> existing = versions(model, fingerprint);
      if (!existing.isEmpty()) {
        return settle(bundle, existing, Optional.empty());
      }
      Map<String, String> runTags = new LinkedHashMap<>();
      runTags.put(CandidateBundles.TAG_SOURCE, CandidateBundles.SOURCE_MODEL_FACTORY);
      runTags.put(CandidateBundles.TAG_FINGERPRINT, fingerprint);
      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put(MANIFEST, bundle.manifest());
      files.put(COMPATIBILITY, ManifestJson.mapper().writeValueAsBytes(bundle.compatibility()));
      runId = registry.logRun(bundle.run(), runTags, files);
      ensureModel(model);
    } catch (RegistryUnavailableException e) {
      throw e;
    } catch (IOException | RegistryException e) {
      throw new RegistryUnavailableException("publishing bundle " + fingerprint + " to registered model '" + model + "' at " + rest.trackingUri()
          + " failed before its version was created: " + e.getMessage() + ". No version exists; publish again once MLflow is reachable", e);
    }

    MlflowRest.Response response = sendCreate(bundle, runId);
    if (response.status() / 100 == 5) {
      throw unknown(bundle, "MLflow answered the create-version request with HTTP " + response.status() + " " + response.firstLine(), null);
    }
    if (!response.ok()) {
      return PublishResult.rejected(model, List.of(PublishReason.REGISTRY_REFUSED), "MLflow at " + rest.trackingUri() + " refused to create a"
          + " version of registered model '" + model + "' for bundle " + fingerprint + ": HTTP " + response.status() + " " + response.firstLine()
          + ". Nothing was created; fix what MLflow names (model name, permissions) and publish again");
    }
    String created;
    try {
      created = response.json().at("/model_version/version").asText();
    } catch (IOException e) {
      throw unknown(bundle, "MLflow's answer to the create-version request is unreadable (" + e.getMessage() + ")", e);
    }
    try {
      return settle(bundle, versions(model, fingerprint), Optional.of(created));
    } catch (RegistryException e) {
      throw unknown(bundle, "version " + created + " was created, but settling it failed: " + e.getMessage(), e);
    }
  }

  /** Step 4: the create-version request, sent once; its answer, whatever the status. */
  private MlflowRest.Response sendCreate(BundleToPublish bundle, String runId) {
    ObjectNode body = MlflowRest.json().put("name", bundle.modelName()).put("source", "runs:/" + runId + "/model").put("run_id", runId);
    ArrayNode tags = body.putArray("tags");
    tags.addObject().put("key", MlflowModelRegistry.TAG_RUN_ID).put("value", runId);
    CandidateBundles.versionTags(bundle).forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
    beforeCreate.run();
    try {
      return rest.registryOnce("POST", "model-versions/create", body);
    } catch (IOException e) {
      if (MlflowRest.neverReached(e)) {
        throw new RegistryUnavailableException("publishing bundle " + bundle.bundleFingerprint() + " to registered model '" + bundle.modelName()
            + "' at " + rest.trackingUri() + " failed: the create-version request never reached MLflow (" + e
            + "). No version exists; publish again once MLflow is reachable", e);
      }
      throw unknown(bundle, "the create-version request got no answer within " + rest.timeoutSeconds() + " s (" + e + ")", e);
    }
  }

  /** Step 5: keep the lowest version with the fingerprint, delete the others, and say what happened. */
  private PublishResult settle(BundleToPublish bundle, List<TaggedVersion> versions, Optional<String> created) {
    String model = bundle.modelName();
    if (versions.isEmpty()) {
      throw new RegistryException("version " + created.orElse("?") + " of registered model '" + model + "' with bundle " + bundle.bundleFingerprint()
          + " is not found by a search right after it was created", null);
    }
    TaggedVersion kept = versions.get(0);
    for (TaggedVersion duplicate : versions.subList(1, versions.size())) {
      registry.deleteVersion(model, duplicate.version());
    }
    registry.awaitReady(model, kept.version());
    String stored = kept.tags().getOrDefault(CandidateBundles.TAG_MANIFEST_SHA256, "(none)");
    if (!stored.equals(bundle.manifestSha256())) {
      return PublishResult.conflict(model, bundle.bundleFingerprint(), kept.version(), kept.runId(), stored, bundle.manifestSha256());
    }
    if (created.filter(kept.version()::equals).isPresent()) {
      return PublishResult.published(model, kept.version(), kept.runId(), "bundle " + bundle.bundleFingerprint() + " is version " + kept.version()
          + " of registered model '" + model + "' (run " + kept.runId() + "), a candidate: promote it with mbt registry promote");
    }
    return PublishResult.alreadyPublished(model, kept.version(), kept.runId(), "bundle " + bundle.bundleFingerprint() + " was published before as"
        + " version " + kept.version() + " of registered model '" + model + "' (run " + kept.runId() + ")"
        + (created.isPresent() ? "; the duplicate version " + created.get() + " this call created was deleted" : "; nothing was written"));
  }

  Optional<PublishedBundle> status(String modelName, String bundleFingerprint) {
    CandidateBundles.requireFingerprint(bundleFingerprint);
    try {
      List<TaggedVersion> versions = versions(modelName, bundleFingerprint);
      if (versions.isEmpty()) {
        return Optional.empty();
      }
      TaggedVersion kept = versions.get(0);
      JsonNode version = rest.registryGet("model-versions/get?name=" + MlflowRest.encode(modelName) + "&version=" + kept.version())
          .path("model_version");
      List<String> aliases = new ArrayList<>();
      version.path("aliases").forEach(a -> aliases.add(a.asText()));
      return Optional.of(new PublishedBundle(modelName, kept.version(), kept.runId(), bundleFingerprint,
          kept.tags().getOrDefault(CandidateBundles.TAG_MANIFEST_SHA256, ""), kept.createdAt(), kept.tags(), aliases));
    } catch (RegistryUnavailableException e) {
      throw e;
    } catch (RegistryException e) {
      throw new RegistryUnavailableException("reading the status of bundle " + bundleFingerprint + " of registered model '" + modelName + "' from "
          + rest.trackingUri() + " failed: " + e.getMessage() + ". Probe again once MLflow answers", e);
    }
  }

  /** The versions of {@code modelName} tagged with {@code fingerprint}, lowest first. */
  private List<TaggedVersion> versions(String modelName, String fingerprint) {
    String filter = "name='" + modelName.replace("'", "\\'") + "' and tags.`" + CandidateBundles.TAG_FINGERPRINT + "`='" + fingerprint + "'";
    JsonNode found = rest.registryGet("model-versions/search?max_results=1000&filter=" + MlflowRest.encode(filter));
    List<TaggedVersion> out = new ArrayList<>();
    for (JsonNode v : found.path("model_versions")) {
      Map<String, String> tags = new LinkedHashMap<>();
      v.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
      out.add(new TaggedVersion(v.path("version").asText(), v.path("run_id").asText(), Instant.ofEpochMilli(v.path("creation_timestamp").asLong()),
          tags));
    }
    out.sort(Comparator.comparingLong(TaggedVersion::number));
    return out;
  }

  /** Creates the registered model unless it exists; any other refusal resurfaces as the create-version's answer. */
  private void ensureModel(String modelName) {
    try {
      rest.registryPost("registered-models/create", MlflowRest.json().put("name", modelName));
    } catch (RegistryUnavailableException e) {
      throw e;
    } catch (RegistryException alreadyThere) {
      // RESOURCE_ALREADY_EXISTS
    }
  }

  private PublishOutcomeUnknownException unknown(BundleToPublish bundle, String what, Throwable cause) {
    return new PublishOutcomeUnknownException(bundle.modelName(), bundle.bundleFingerprint(), "publishing bundle " + bundle.bundleFingerprint()
        + " to registered model '" + bundle.modelName() + "' at " + rest.trackingUri() + ": " + what
        + ". The version may exist: probe bundleStatus before publishing again", cause);
  }
}
