package io.mbt.steps.registry;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Model Factory candidate to publish ({@link ModelRegistry#publishBundle}): an immutable bundle
 * identified by its fingerprint, and the training run it was built from.
 *
 * <p>What the registry checks before creating anything is listed in {@link CandidateBundles}: a
 * bundle that fails it is {@link PublishOutcome#REJECTED}, not thrown. The registry does not
 * recompute the fingerprint (the factory may compute it over a canonical subset of the manifest);
 * it stores the manifest bytes and their digest, and compares digests to tell a repeat from a
 * conflict.
 *
 * @param modelName the registered model to publish a candidate version of
 * @param bundleFingerprint the bundle's identity and the publish's idempotency key, {@code
 *     sha256:<64 lowercase hex>}
 * @param manifest the bundle manifest's canonical JSON bytes, stored as given (copied in and out)
 * @param run the training run to log; its {@code mbtRunId} is the factory attempt's run id
 * @param compatibility the compatibility descriptor serving checks against; required fields in
 *     {@link CandidateBundles#REQUIRED_COMPATIBILITY}
 * @param provenance tags recorded on the version ({@code train_run_id}, {@code policy_rev}, ...);
 *     required keys in {@link CandidateBundles#REQUIRED_PROVENANCE}
 */
public record BundleToPublish(String modelName, String bundleFingerprint, byte[] manifest, RunToLog run, Map<String, Object> compatibility,
    Map<String, String> provenance) {

  /**
   * @throws IllegalArgumentException if the fingerprint is not {@code sha256:<64 lowercase hex>}
   *     (it names files and tags, so a malformed one is a caller's bug, not a rejection)
   */
  public BundleToPublish {
    requireNonNull(modelName, "modelName is null");
    requireNonNull(bundleFingerprint, "bundleFingerprint is null");
    requireNonNull(manifest, "manifest is null");
    requireNonNull(run, "run is null");
    requireNonNull(compatibility, "compatibility is null");
    requireNonNull(provenance, "provenance is null");
    CandidateBundles.requireFingerprint(bundleFingerprint);
    manifest = manifest.clone();
    compatibility = Collections.unmodifiableMap(new LinkedHashMap<>(compatibility));
    provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
  }

  /** A copy of the manifest bytes. */
  @Override
  public byte[] manifest() {
    return manifest.clone();
  }

  /** {@code sha256:<hex>} of the manifest bytes: what the registry stores and compares. */
  public String manifestSha256() {
    return CandidateBundles.sha256(manifest);
  }

  /** The fingerprint's hex digits, for file names. */
  public String fingerprintHex() {
    return bundleFingerprint.substring("sha256:".length());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BundleToPublish b && modelName.equals(b.modelName) && bundleFingerprint.equals(b.bundleFingerprint)
        && Arrays.equals(manifest, b.manifest) && run.equals(b.run) && compatibility.equals(b.compatibility) && provenance.equals(b.provenance);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * modelName.hashCode() + bundleFingerprint.hashCode()) + Arrays.hashCode(manifest);
  }

  @Override
  public String toString() {
    return "BundleToPublish[model=" + modelName + ", fingerprint=" + bundleFingerprint + ", manifest=" + manifest.length + " bytes, run="
        + run.mbtRunId() + ", provenance=" + provenance + "]";
  }
}
