package io.mbt.mf.admission;

import java.util.Locale;

/**
 * Every reason the Model Factory refuses, fails or holds a run, with its class: HARD (the input or
 * the run is wrong; retrying the same request gives the same answer) or TRANSIENT (something was
 * unavailable; a retry may succeed, so it is never cached as the run's terminal answer).
 * Families follow the seed's rejection taxonomy (MF-C) and the engine's failure classes (MF-E7).
 */
public enum ReasonCode {
  // reference / resolution
  REF_INVALID_FORMAT(Family.REFERENCE, Severity.HARD),
  REF_NOT_FOUND(Family.REFERENCE, Severity.HARD),
  REF_ACCESS_DENIED(Family.REFERENCE, Severity.HARD),
  RESOLVE_TIMEOUT_TRANSIENT(Family.REFERENCE, Severity.TRANSIENT),
  // digest / integrity
  MANIFEST_DIGEST_MISMATCH(Family.INTEGRITY, Severity.HARD),
  MATERIALIZATION_DIGEST_MISMATCH(Family.INTEGRITY, Severity.HARD),
  IMMUTABILITY_CONFLICT(Family.INTEGRITY, Severity.HARD),
  // semantics completeness
  MISSING_REPLAY_BASIS(Family.SEMANTICS, Severity.HARD),
  MISSING_AS_OF_BOUNDARY(Family.SEMANTICS, Severity.HARD),
  MISSING_FEATURE_VERSION_PINS(Family.SEMANTICS, Severity.HARD),
  MISSING_JOIN_KEYS_OR_SCOPE(Family.SEMANTICS, Severity.HARD),
  // cross-set consistency
  FEATURE_PINS_INCONSISTENT_ACROSS_SET(Family.CONSISTENCY, Severity.HARD),
  AS_OF_INCONSISTENT_ACROSS_SET(Family.CONSISTENCY, Severity.HARD),
  SCHEMA_INCOMPATIBLE_WITH_RECIPE(Family.CONSISTENCY, Severity.HARD),
  // proof / governance
  MISSING_DATASET_PASS_PROOF(Family.PROOF, Severity.HARD),
  PASS_PROOF_DOES_NOT_BIND_MANIFEST(Family.PROOF, Severity.HARD),
  // policy constraints
  POLICY_DISALLOWS_DATASET_KIND(Family.POLICY, Severity.HARD),
  POLICY_WINDOW_TOO_LARGE(Family.POLICY, Severity.HARD),
  POLICY_PRIVACY_CLASS_DISALLOWED(Family.POLICY, Severity.HARD),
  POLICY_FEATURE_PACK_BLOCKED(Family.POLICY, Severity.HARD),
  // context (MF-B) and intake (MF-A)
  PROFILE_DIGEST_MISMATCH(Family.CONTEXT, Severity.HARD),
  PROFILE_INVALID(Family.CONTEXT, Severity.HARD),
  RECIPE_DIGEST_MISMATCH(Family.CONTEXT, Severity.HARD),
  RECIPE_INVALID(Family.CONTEXT, Severity.HARD),
  AUTHZ_DENIED(Family.CONTEXT, Severity.HARD),
  REQUEST_ID_CONFLICT(Family.INTAKE, Severity.HARD),
  SOURCE_RUN_NOT_REGATEABLE(Family.INTAKE, Severity.HARD),
  // train / eval engine (MF-E)
  TRANSIENT_IO(Family.ENGINE, Severity.TRANSIENT),
  RESOURCE_EXHAUSTED(Family.ENGINE, Severity.TRANSIENT),
  RUNTIME_CRASH(Family.ENGINE, Severity.TRANSIENT),
  INPUT_DIGEST_MISMATCH(Family.ENGINE, Severity.HARD),
  STEP_FAILED(Family.ENGINE, Severity.HARD),
  // gate (MF-F)
  REQUIRED_METRIC_MISSING(Family.GATE, Severity.HARD),
  GATE_THRESHOLD_NOT_MET(Family.GATE, Severity.HARD),
  EVIDENCE_INCOMPLETE(Family.GATE, Severity.HARD),
  // publish (MF-G)
  PUBLISH_NOT_AUTHORIZED(Family.PUBLISH, Severity.HARD),
  REGISTRY_UNAVAILABLE(Family.PUBLISH, Severity.TRANSIENT),
  PUBLISH_OUTCOME_UNKNOWN(Family.PUBLISH, Severity.TRANSIENT),
  PUBLISH_CONFLICT(Family.PUBLISH, Severity.HARD),
  PUBLISH_REJECTED(Family.PUBLISH, Severity.HARD),
  // operations
  CANCELED(Family.OPERATIONS, Severity.HARD),
  LEDGER_UNAVAILABLE(Family.OPERATIONS, Severity.TRANSIENT);

  /** Where a code comes from (for grouping counters without unbounded cardinality). */
  public enum Family {
    REFERENCE, INTEGRITY, SEMANTICS, CONSISTENCY, PROOF, POLICY, CONTEXT, INTAKE, ENGINE, GATE, PUBLISH, OPERATIONS;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Severity {
    HARD,
    TRANSIENT
  }

  private final Family family;
  private final Severity severity;

  ReasonCode(Family family, Severity severity) {
    this.family = family;
    this.severity = severity;
  }

  public Family family() {
    return family;
  }

  public Severity severity() {
    return severity;
  }

  /** Whether the same request may succeed later without any input changing. */
  public boolean retryable() {
    return severity == Severity.TRANSIENT;
  }
}
