package io.mbt.mf.ledger;

import static java.util.Objects.requireNonNull;

import io.mbt.mf.identity.CanonicalJson;
import io.mbt.mf.identity.Digests;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable fact in the ledger. A receipt is real once its Delta commit exists; the ledger
 * never updates or deletes one (the table is {@code delta.appendOnly}).
 *
 * @param receiptId the fact's id: the digest of run, kind, stage, attempt, subject, body and (for a
 *     leased receipt) its lease version; a note written twice is one fact (readers keep the first)
 * @param trainRunId the run it belongs to
 * @param kind what it records
 * @param stage the stage, for stage-scoped receipts
 * @param attempt the stage attempt, for stage-scoped receipts
 * @param subject a secondary key to look it up by: a request id, a bundle fingerprint, a model name
 * @param leaseEpoch the writer's lease epoch; 0 for notes written without a lease
 * @param sequence the writer's sequence within its epoch (orders a run's receipts); 0 for notes
 * @param holder who wrote it
 * @param recordedAt the writer's clock when it was written: metadata, never identity
 * @param body the fact's content, stored as canonical JSON
 */
public record Receipt(
    String receiptId,
    String trainRunId,
    ReceiptKind kind,
    Optional<String> stage,
    Optional<Integer> attempt,
    Optional<String> subject,
    long leaseEpoch,
    long sequence,
    String holder,
    Instant recordedAt,
    Map<String, Object> body) {

  public Receipt {
    requireNonNull(receiptId, "receiptId is null");
    requireNonNull(trainRunId, "trainRunId is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(stage, "stage is null");
    requireNonNull(attempt, "attempt is null");
    requireNonNull(subject, "subject is null");
    requireNonNull(holder, "holder is null");
    requireNonNull(recordedAt, "recordedAt is null");
    requireNonNull(body, "body is null");
    body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
  }

  /** A fact to write: the ledger adds the epoch, sequence, holder and time when it commits it. */
  public record Draft(String trainRunId, ReceiptKind kind, Optional<String> stage, Optional<Integer> attempt, Optional<String> subject,
      Map<String, Object> body) {
    public Draft {
      requireNonNull(trainRunId, "trainRunId is null");
      requireNonNull(kind, "kind is null");
      requireNonNull(stage, "stage is null");
      requireNonNull(attempt, "attempt is null");
      requireNonNull(subject, "subject is null");
      requireNonNull(body, "body is null");
      body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }

    public static Draft of(String trainRunId, ReceiptKind kind, Map<String, Object> body) {
      return new Draft(trainRunId, kind, Optional.empty(), Optional.empty(), Optional.empty(), body);
    }

    public static Draft stage(String trainRunId, ReceiptKind kind, String stage, int attempt, Map<String, Object> body) {
      return new Draft(trainRunId, kind, Optional.of(stage), Optional.of(attempt), Optional.empty(), body);
    }

    public Draft withSubject(String subject) {
      return new Draft(trainRunId, kind, stage, attempt, Optional.of(subject), body);
    }

    /** The content digest that names this fact (a note; a leased receipt also carries its lease version). */
    public String receiptId() {
      return receiptId(0, 0);
    }

    String receiptId(long epoch, long sequence) {
      Map<String, Object> identity = new LinkedHashMap<>();
      identity.put("run", trainRunId);
      identity.put("kind", kind.wireName());
      identity.put("stage", stage.orElse(null));
      identity.put("attempt", attempt.orElse(null));
      identity.put("subject", subject.orElse(null));
      identity.put("body", body);
      if (epoch > 0) {
        identity.put("lease_version", epoch + "." + sequence); // unique per commit: the same fact twice is two receipts
      }
      return "rc_" + Digests.hex(Digests.tagged("mf_receipt_v1", identity)).substring(0, 32);
    }

    Receipt stamped(long epoch, long sequence, String holder, Instant at) {
      return new Receipt(receiptId(epoch, sequence), trainRunId, kind, stage, attempt, subject, epoch, sequence, holder, at, body);
    }
  }

  /** The body as canonical JSON (what the ledger stores). */
  public String bodyJson() {
    return CanonicalJson.write(body);
  }

  public String string(String key) {
    Object value = body.get(key);
    return value == null ? null : String.valueOf(value);
  }
}
