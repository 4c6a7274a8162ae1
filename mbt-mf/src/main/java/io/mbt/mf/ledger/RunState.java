package io.mbt.mf.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's state, derived from its receipts and nothing else (MF-H4): who holds it and until when,
 * each stage's attempts, and the terminal outcome if there is one. Deriving it twice from the same
 * receipts gives the same state.
 *
 * @param recordedVersion the run's application version when the receipts were read (a takeover
 *     must see it unchanged)
 */
public record RunState(
    String trainRunId,
    List<Receipt> receipts,
    long recordedVersion,
    Optional<Receipt> claim,
    Optional<LeaseView> lease,
    Map<String, StageView> stages,
    Optional<Receipt> terminal,
    Optional<Receipt> cancelRequested) {

  public RunState {
    requireNonNull(trainRunId, "trainRunId is null");
    receipts = List.copyOf(receipts);
    requireNonNull(claim, "claim is null");
    requireNonNull(lease, "lease is null");
    stages = Map.copyOf(stages);
    requireNonNull(terminal, "terminal is null");
    requireNonNull(cancelRequested, "cancelRequested is null");
  }

  /**
   * The current lease: its holder, epoch, TTL and the time of the holder's last receipt.
   *
   * @param released the holder gave it up (or the run is terminal): no need to wait for the TTL
   */
  public record LeaseView(String holder, long epoch, long ttlMillis, Instant lastBeat, boolean released) {
    public Instant expiresAt() {
      return lastBeat.plusMillis(ttlMillis);
    }

    public boolean expired(Instant now) {
      return released || now.isAfter(expiresAt());
    }
  }

  /** A stage's attempts as the receipts tell them. */
  public record StageView(String stage, int lastAttempt, Status status, Optional<Receipt> completed, List<Receipt> failures) {
    public enum Status {
      STARTED,
      COMPLETED,
      FAILED
    }

    public StageView {
      requireNonNull(stage, "stage is null");
      requireNonNull(status, "status is null");
      requireNonNull(completed, "completed is null");
      failures = List.copyOf(failures);
    }
  }

  /** Derives the state of {@code trainRunId} from {@code receipts} (as {@link DeltaLedger#receipts} orders them). */
  public static RunState of(String trainRunId, List<Receipt> receipts, long recordedVersion) {
    Optional<Receipt> claim = Optional.empty();
    LeaseView lease = null;
    Map<String, StageView> stages = new LinkedHashMap<>();
    Optional<Receipt> terminal = Optional.empty();
    Optional<Receipt> cancel = Optional.empty();
    for (Receipt r : receipts) {
      if (r.leaseEpoch() > 0 && lease != null && r.leaseEpoch() == lease.epoch() && r.recordedAt().isAfter(lease.lastBeat())) {
        lease = new LeaseView(lease.holder(), lease.epoch(), lease.ttlMillis(), r.recordedAt(), lease.released());
      }
      switch (r.kind()) {
        case RUN_CLAIMED -> {
          claim = Optional.of(r);
          lease = new LeaseView(r.holder(), r.leaseEpoch(), ttl(r), r.recordedAt(), false);
        }
        case LEASE_TAKEOVER -> lease = new LeaseView(r.holder(), r.leaseEpoch(), ttl(r), r.recordedAt(), false);
        case LEASE_RELEASED -> {
          if (lease != null && lease.epoch() == r.leaseEpoch()) {
            lease = new LeaseView(lease.holder(), lease.epoch(), lease.ttlMillis(), lease.lastBeat(), true);
          }
        }
        case STAGE_STARTED -> stages.put(r.stage().orElseThrow(), new StageView(r.stage().get(), r.attempt().orElse(1),
            StageView.Status.STARTED, Optional.empty(), failuresOf(stages.get(r.stage().get()))));
        case STAGE_COMPLETED -> stages.put(r.stage().orElseThrow(), new StageView(r.stage().get(), r.attempt().orElse(1),
            StageView.Status.COMPLETED, Optional.of(r), failuresOf(stages.get(r.stage().get()))));
        case STAGE_FAILED -> {
          List<Receipt> failures = new java.util.ArrayList<>(failuresOf(stages.get(r.stage().orElseThrow())));
          failures.add(r);
          stages.put(r.stage().get(), new StageView(r.stage().get(), r.attempt().orElse(1), StageView.Status.FAILED, Optional.empty(), failures));
        }
        case RUN_TERMINAL -> {
          if (terminal.isEmpty()) {
            terminal = Optional.of(r); // the first terminal receipt is the outcome; a run ends once
          }
        }
        case CANCEL_REQUESTED -> cancel = cancel.or(() -> Optional.of(r));
        default -> {
          // other receipts carry evidence, gates, bundles and publishes: read by the stages that need them
        }
      }
    }
    if (terminal.isPresent() && lease != null) {
      lease = new LeaseView(lease.holder(), lease.epoch(), lease.ttlMillis(), lease.lastBeat(), true);
    }
    return new RunState(trainRunId, receipts, recordedVersion, claim, Optional.ofNullable(lease), stages, terminal, cancel);
  }

  private static List<Receipt> failuresOf(StageView previous) {
    return previous == null ? List.of() : previous.failures();
  }

  private static long ttl(Receipt r) {
    Object ttl = r.body().get("ttl_ms");
    if (!(ttl instanceof Number n)) {
      throw new IllegalStateException("ledger receipt " + r.receiptId() + " (" + r.kind().wireName() + ") of run " + r.trainRunId()
          + " has no ttl_ms: the ledger was written by an incompatible MBT");
    }
    return n.longValue();
  }

  public boolean claimed() {
    return claim.isPresent();
  }

  /** The newest receipt of {@code kind}, if any. */
  public Optional<Receipt> latest(ReceiptKind kind) {
    Receipt found = null;
    for (Receipt r : receipts) {
      if (r.kind() == kind) {
        found = r;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Every receipt of {@code kind}, in ledger order. */
  public List<Receipt> all(ReceiptKind kind) {
    return receipts.stream().filter(r -> r.kind() == kind).toList();
  }

  public Optional<StageView> stage(String stage) {
    return Optional.ofNullable(stages.get(stage));
  }
}
