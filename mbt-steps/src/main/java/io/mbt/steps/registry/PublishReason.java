package io.mbt.steps.registry;

/**
 * Why a publish was {@link PublishOutcome#REJECTED} or ended in {@link PublishOutcome#CONFLICT}:
 * the reason codes of a {@link PublishResult}, stable names for receipts and alerts. The result's
 * detail message names the fields involved.
 */
public enum PublishReason {
  /** The compatibility descriptor is empty. */
  COMPATIBILITY_MISSING,
  /** The compatibility descriptor lacks a required field ({@link CandidateBundles#REQUIRED_COMPATIBILITY}) or has it empty. */
  COMPATIBILITY_FIELD_MISSING,
  /** A {@code feature_columns} entry is not a column of the logged run's training schema. */
  COMPATIBILITY_FEATURE_NOT_IN_RUN,
  /** The provenance lacks a required key ({@link CandidateBundles#REQUIRED_PROVENANCE}) or has it blank. */
  PROVENANCE_FIELD_MISSING,
  /** A provenance key starts with {@code mbt.}, which the registry's own tags use. */
  PROVENANCE_RESERVED_KEY,
  /** The bundle manifest is empty or not a JSON object. */
  MANIFEST_INVALID,
  /** The registry server refused to create the version (e.g. an MLflow 4xx answer); the detail quotes it. */
  REGISTRY_REFUSED,
  /** CONFLICT: the version with this fingerprint stores a different manifest digest. */
  MANIFEST_DIGEST_MISMATCH
}
