package io.mbt.steps.registry;

import io.mbt.compiler.manifest.ManifestJson;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The registry-side rules for Model Factory candidates, shared by every adapter: what a bundle
 * needs to be accepted, and how its version and run are marked.
 *
 * <p>A bundle is {@link PublishOutcome#REJECTED} when its compatibility descriptor is empty or
 * lacks a non-empty {@code feature_columns} (a list of column names, each a column of the run's
 * training schema) or {@code training_schema}; when its provenance lacks a non-blank {@code
 * train_run_id}, {@code policy_rev}, {@code input_fingerprint} or {@code mf_build_id}, or uses a
 * key starting with {@code mbt.}; or when its manifest is not a JSON object.
 */
public final class CandidateBundles {
  public static final List<String> REQUIRED_COMPATIBILITY = List.of("feature_columns", "training_schema");
  public static final List<String> REQUIRED_PROVENANCE = List.of("train_run_id", "policy_rev", "input_fingerprint", "mf_build_id");

  /** Version tag (and run tag): the bundle's fingerprint. */
  public static final String TAG_FINGERPRINT = "mbt.bundle_fingerprint";
  /** Version tag: {@code sha256:<hex>} of the manifest bytes as published. */
  public static final String TAG_MANIFEST_SHA256 = "mbt.bundle_manifest_sha256";
  /** Version tag: {@code true}; publishing makes candidates, only promotion makes them serve. */
  public static final String TAG_CANDIDATE = "mbt.candidate";
  /** Version tag and run marker: who logged it. */
  public static final String TAG_SOURCE = "mbt.source";
  /** The value of {@link #TAG_SOURCE} on what {@link ModelRegistry#publishBundle} logs: {@code run_id: latest} skips such runs. */
  public static final String SOURCE_MODEL_FACTORY = "model_factory";

  private static final Pattern FINGERPRINT = Pattern.compile("sha256:[0-9a-f]{64}");

  private CandidateBundles() {}

  /**
   * {@code fingerprint}, if it is {@code sha256:<64 lowercase hex>}.
   *
   * @throws IllegalArgumentException otherwise (it names files and tags, so a malformed one is a
   *     caller's bug, not a rejection)
   */
  public static String requireFingerprint(String fingerprint) {
    if (fingerprint == null || !FINGERPRINT.matcher(fingerprint).matches()) {
      throw new IllegalArgumentException("bundle fingerprint must be sha256:<64 lowercase hex digits>, but was: '" + fingerprint + "'");
    }
    return fingerprint;
  }

  /** The REJECTED result for {@code bundle}, if it breaks a rule; empty if the registry may publish it. */
  public static Optional<PublishResult> check(BundleToPublish bundle) {
    Map<PublishReason, List<String>> found = new LinkedHashMap<>();
    Map<String, Object> compatibility = bundle.compatibility();
    if (compatibility.isEmpty()) {
      found.computeIfAbsent(PublishReason.COMPATIBILITY_MISSING, r -> new ArrayList<>())
          .add("the compatibility descriptor is empty; it needs " + REQUIRED_COMPATIBILITY);
    } else {
      for (String field : REQUIRED_COMPATIBILITY) {
        if (isEmpty(compatibility.get(field))) {
          found.computeIfAbsent(PublishReason.COMPATIBILITY_FIELD_MISSING, r -> new ArrayList<>())
              .add("compatibility." + field + " is missing or empty");
        }
      }
      if (compatibility.get("feature_columns") instanceof Collection<?> features && !features.isEmpty()) {
        Set<String> columns = Set.of(bundle.run().trainingSchema().fieldNames());
        List<String> unknown = features.stream().map(String::valueOf).filter(f -> !columns.contains(f)).toList();
        if (!unknown.isEmpty()) {
          found.computeIfAbsent(PublishReason.COMPATIBILITY_FEATURE_NOT_IN_RUN, r -> new ArrayList<>())
              .add("compatibility.feature_columns " + unknown + " are not columns of run " + bundle.run().mbtRunId() + "'s training schema "
                  + List.of(bundle.run().trainingSchema().fieldNames()));
        }
      } else if (compatibility.containsKey("feature_columns") && !isEmpty(compatibility.get("feature_columns"))) {
        found.computeIfAbsent(PublishReason.COMPATIBILITY_FIELD_MISSING, r -> new ArrayList<>())
            .add("compatibility.feature_columns must be a list of column names, but was: " + compatibility.get("feature_columns"));
      }
    }
    for (String key : REQUIRED_PROVENANCE) {
      String value = bundle.provenance().get(key);
      if (value == null || value.isBlank()) {
        found.computeIfAbsent(PublishReason.PROVENANCE_FIELD_MISSING, r -> new ArrayList<>()).add("provenance." + key + " is missing or blank");
      }
    }
    List<String> reserved = bundle.provenance().keySet().stream().filter(k -> k.startsWith("mbt.")).toList();
    if (!reserved.isEmpty()) {
      found.computeIfAbsent(PublishReason.PROVENANCE_RESERVED_KEY, r -> new ArrayList<>())
          .add("provenance keys " + reserved + " start with 'mbt.', which the registry's own tags use; rename them");
    }
    manifestProblem(bundle.manifest()).ifPresent(problem -> found.computeIfAbsent(PublishReason.MANIFEST_INVALID, r -> new ArrayList<>()).add(problem));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    List<String> details = found.values().stream().flatMap(List::stream).toList();
    return Optional.of(PublishResult.rejected(bundle.modelName(), List.copyOf(found.keySet()), "bundle " + bundle.bundleFingerprint()
        + " was not published to model '" + bundle.modelName() + "': " + String.join("; ", details)
        + ". Fix the candidate's assembly (MF-F) and build a new bundle; publishing this one again is rejected the same way"));
  }

  private static boolean isEmpty(Object value) {
    return value == null
        || (value instanceof String s && s.isBlank())
        || (value instanceof Collection<?> c && c.isEmpty())
        || (value instanceof Map<?, ?> m && m.isEmpty());
  }

  private static Optional<String> manifestProblem(byte[] manifest) {
    if (manifest.length == 0) {
      return Optional.of("the bundle manifest is empty");
    }
    try {
      if (!ManifestJson.mapper().readTree(manifest).isObject()) {
        return Optional.of("the bundle manifest is JSON but not an object");
      }
      return Optional.empty();
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      return Optional.of("the bundle manifest is not JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      return Optional.of("the bundle manifest is unreadable (" + e.getMessage() + ")");
    }
  }

  /**
   * The tags of the candidate version: fingerprint, manifest digest, {@code mbt.candidate=true},
   * {@code mbt.source=model_factory}, then the provenance as given.
   */
  public static Map<String, String> versionTags(BundleToPublish bundle) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(TAG_FINGERPRINT, bundle.bundleFingerprint());
    tags.put(TAG_MANIFEST_SHA256, bundle.manifestSha256());
    tags.put(TAG_CANDIDATE, "true");
    tags.put(TAG_SOURCE, SOURCE_MODEL_FACTORY);
    bundle.provenance().forEach(tags::putIfAbsent);
    return tags;
  }

  /** {@code sha256:<hex>} of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
