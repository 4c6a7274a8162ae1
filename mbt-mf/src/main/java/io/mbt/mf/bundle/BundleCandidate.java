package io.mbt.mf.bundle;

import static java.util.Objects.requireNonNull;

import io.mbt.mf.identity.CanonicalJson;
import io.mbt.mf.identity.Digests;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable bundle candidate (MF-F7): by-reference artifacts with digests, the evaluation
 * evidence, the gate receipt it passed, the compatibility descriptor and the provenance — and its
 * fingerprint, the sha256 of its canonical JSON, which is the idempotency key of its publish.
 * A change to anything in it is another bundle.
 */
public record BundleCandidate(String fingerprint, String modelName, Map<String, Object> manifest) {
  public static final String DOMAIN = "bundle_v1";

  public BundleCandidate {
    requireNonNull(fingerprint, "fingerprint is null");
    requireNonNull(modelName, "modelName is null");
    manifest = Collections.unmodifiableMap(new LinkedHashMap<>(manifest));
  }

  /** The candidate of {@code manifest}, fingerprinted. */
  public static BundleCandidate of(String modelName, Map<String, Object> manifest) {
    return new BundleCandidate(fingerprintOf(manifest), modelName, manifest);
  }

  public static String fingerprintOf(Map<String, Object> manifest) {
    return Digests.tagged(DOMAIN, manifest);
  }

  /** The bytes published and stored: the canonical JSON the fingerprint covers. */
  public byte[] canonicalBytes() {
    return CanonicalJson.bytes(manifest);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> compatibility() {
    Object value = manifest.get("compatibility");
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** Whether the manifest still hashes to its fingerprint (MF-G2 self-consistency). */
  public boolean selfConsistent() {
    return fingerprintOf(manifest).equals(fingerprint);
  }
}
