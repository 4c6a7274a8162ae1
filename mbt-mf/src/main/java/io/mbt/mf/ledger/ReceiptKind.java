package io.mbt.mf.ledger;

import java.util.Arrays;
import java.util.Locale;

/**
 * The kinds of receipt in the ledger: the seed's receipt chain (context → admissibility → stage
 * receipts → evidence → gate → bundle candidate → publish → terminal, plus supersedes links) and
 * the intake receipts that make claims, leases and duplicates auditable.
 */
public enum ReceiptKind {
  /** A request arrived (who, intent, refs); a note, written by whoever received it. */
  REQUEST_RECEIVED,
  /** request_id → train_run_id, committed once per request id (its own application transaction). */
  REQUEST_BOUND,
  /** The same request id arrived with another run key: refused, terminal for that request. */
  REQUEST_ID_CONFLICT,
  /** The run's first claim (lease epoch 1) with its TrainRunKey. */
  RUN_CLAIMED,
  /** A holder's heartbeat: the lease lasts its TTL past the holder's last receipt. */
  LEASE_RENEWED,
  /** An expired or released lease taken by a new holder (epoch + 1); the old holder is fenced. */
  LEASE_TAKEOVER,
  /** A holder gave its lease up without ending the run (e.g. publish pending): resume need not wait for the TTL. */
  LEASE_RELEASED,
  /** A duplicate request resolved to an existing run (IP5). */
  DUPLICATE_REQUEST_OBSERVED,
  /** A resume of an unfinished run was started (IP5.c). */
  RESUME_REQUESTED,
  /** MF-B: the pinned policy, recipe, wiring and build, and the authorisation verdict. */
  CONTEXT_RESOLVED,
  /** MF-C: ADMISSIBLE with the input fingerprint, or REJECTED with reason codes. */
  ADMISSIBILITY,
  STAGE_STARTED,
  STAGE_COMPLETED,
  STAGE_FAILED,
  /** An artifact bound to a run, stage and attempt: uri, sha256 and bytes. Unbound files are orphans. */
  ARTIFACT_LOCATOR,
  /** MF-F: the evidence fingerprint over the attempt's locators and evaluation report. */
  EVIDENCE,
  /** MF-F: PASS or FAIL under a policy revision, observed against thresholds. */
  GATE,
  /** MF-F: the immutable bundle candidate and its fingerprint (PASS only). */
  BUNDLE_CANDIDATE,
  PUBLISH_ATTEMPT,
  PUBLISH_RESULT,
  CANCEL_REQUESTED,
  /** A new run or gate replaces an old one (IL4, IL6): a typed link with a reason. */
  SUPERSEDES,
  RUN_TERMINAL;

  /** The name stored in the ledger, e.g. {@code stage_started}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ReceiptKind fromWire(String wire) {
    return Arrays.stream(values()).filter(k -> k.wireName().equals(wire)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown receipt kind '" + wire + "' in the ledger (written by a newer MBT?)"));
  }
}
