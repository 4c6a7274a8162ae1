package io.mbt.mf.ledger;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.mbt.mf.identity.CanonicalJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Model Factory's receipt ledger (MF-H): one append-only Delta table of {@link Receipt}s under
 * {@code <mf root>/ledger}. Run and stage state are derived from a run's receipts ({@link
 * RunState#of}), never from files.
 *
 * <p>Concurrency: each run's receipts are written under the Delta application id {@code
 * mf-run:<train_run_id>} at version {@code epoch << 32 | sequence} ({@link LeaseVersion}), so
 *
 * <ul>
 *   <li>a claim commits only where no version is recorded yet: of N concurrent claimants exactly
 *       one wins, the others see the winner's receipts;
 *   <li>a takeover commits only where the version is still the one the taker saw expire;
 *   <li>a holder appends only while the recorded epoch is its own: after a takeover it is fenced
 *       ({@link LeaseLostException});
 *   <li>different runs never conflict with each other.
 * </ul>
 *
 * Request ids are bound to runs the same way, under {@code mf-request:<request_id>}. Mutual
 * exclusion across processes needs a LogStore with put-if-absent for the ledger's scheme.
 */
public final class DeltaLedger {
  static final StructType SCHEMA = new StructType()
      .add("receipt_id", DataTypes.StringType, false)
      .add("train_run_id", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("stage", DataTypes.StringType, true)
      .add("attempt", DataTypes.IntegerType, true)
      .add("subject", DataTypes.StringType, true)
      .add("lease_epoch", DataTypes.LongType, false)
      .add("sequence", DataTypes.LongType, false)
      .add("holder", DataTypes.StringType, false)
      .add("recorded_at", DataTypes.TimestampType, false)
      .add("body", DataTypes.StringType, false);

  private final SparkSession spark;
  private final String tablePath;
  private final LedgerOptions options;
  private final Clock clock;
  private final DeltaAppTransactions transactions;

  private DeltaLedger(SparkSession spark, String tablePath, LedgerOptions options, Clock clock) {
    this.spark = spark;
    this.tablePath = tablePath;
    this.options = options;
    this.clock = clock;
    this.transactions = new DeltaAppTransactions(spark, tablePath);
  }

  /**
   * Opens (creating if needed) the ledger under {@code mfRoot}.
   *
   * @throws LedgerUnavailableException if the table cannot be created or read, or its scheme's
   *     LogStore cannot exclude concurrent writers and {@code single_writer} was not declared
   */
  public static DeltaLedger open(SparkSession spark, String mfRoot, LedgerOptions options, Clock clock) {
    // Hadoop's form of the URI (file:/x, not file:///x): Delta compares locations as strings.
    String path = new org.apache.hadoop.fs.Path(stripSlash(mfRoot) + "/ledger").toString();
    LedgerWriterSafety.check(spark, path, options.singleWriter());
    createIfAbsent(spark, path);
    return new DeltaLedger(spark, path, options, clock);
  }

  public String tablePath() {
    return tablePath;
  }

  private static void createIfAbsent(SparkSession spark, String path) {
    Exception last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        if (DeltaTable.isDeltaTable(spark, path)) {
          return;
        }
        DeltaTable.createIfNotExists(spark).location(path).addColumns(SCHEMA)
            .property("delta.appendOnly", "true") // receipts are never updated or deleted
            // A checkpoint is a full state reconstruction (seconds). Delta would write it inside the commit,
            // while this ledger's commit lock is held, stalling every claimant; DeltaAppTransactions writes
            // one every CHECKPOINT_EVERY commits after releasing the lock instead.
            .property("delta.checkpointInterval", String.valueOf(Integer.MAX_VALUE))
            .execute();
        return;
      } catch (Exception e) { // Delta's AnalysisException is checked in Java but thrown by Scala code
        last = e; // another process created it at the same moment: look again
      }
    }
    throw new LedgerUnavailableException("cannot create the Model Factory ledger at " + path + ": " + last.getMessage()
        + "; check that the mf root is writable", last);
  }

  // ---- claims and leases ----

  /**
   * Claims a run that has never been claimed: commits {@code claimDraft} (a {@link
   * ReceiptKind#RUN_CLAIMED}) at lease epoch 1 if and only if no receipt of the run was ever
   * written under its lease. Exactly one of any number of concurrent claimants wins.
   */
  public Claim claim(Receipt.Draft claimDraft, String holder, Duration ttl) {
    requireKind(claimDraft, ReceiptKind.RUN_CLAIMED);
    String runId = claimDraft.trainRunId();
    Receipt receipt = claimDraft.stamped(1, 0, holder, now());
    DeltaAppTransactions.Outcome outcome = guarded(() -> transactions.appendIf(runApp(runId),
        recorded -> recorded == LeaseVersion.NONE ? OptionalLong.of(new LeaseVersion(1, 0).encoded()) : OptionalLong.empty(),
        version -> List.of(receipt)));
    return outcome instanceof DeltaAppTransactions.Outcome.Committed
        ? new Claim(runId, Optional.of(new Lease(runId, holder, 1, ttl)))
        : new Claim(runId, Optional.empty());
  }

  /**
   * Takes over a run whose lease {@code expired} (or was released): commits {@code takeoverDraft}
   * at epoch {@code expired.epoch + 1} only if the run's recorded version is still {@code
   * seenVersion}, i.e. the old holder wrote nothing since the taker looked. Empty if it did, or
   * another taker won.
   */
  public Optional<Lease> takeover(Receipt.Draft takeoverDraft, long seenVersion, String holder, Duration ttl) {
    requireKind(takeoverDraft, ReceiptKind.LEASE_TAKEOVER);
    String runId = takeoverDraft.trainRunId();
    LeaseVersion seen = LeaseVersion.of(seenVersion);
    long epoch = seen.epoch() + 1;
    Receipt receipt = takeoverDraft.stamped(epoch, 0, holder, now());
    DeltaAppTransactions.Outcome outcome = guarded(() -> transactions.appendIf(runApp(runId),
        recorded -> recorded == seenVersion ? OptionalLong.of(new LeaseVersion(epoch, 0).encoded()) : OptionalLong.empty(),
        version -> List.of(receipt)));
    return outcome instanceof DeltaAppTransactions.Outcome.Committed
        ? Optional.of(new Lease(runId, holder, epoch, ttl))
        : Optional.empty();
  }

  /**
   * Appends a receipt under {@code lease}.
   *
   * @throws LeaseLostException if the lease was taken over (the receipt is not written)
   */
  public Receipt append(Lease lease, Receipt.Draft draft) {
    return append(lease, List.of(draft)).get(0);
  }

  /**
   * Appends receipts under {@code lease} in one commit, with consecutive sequence numbers: all of
   * them are recorded, or none.
   *
   * @throws LeaseLostException if the lease was taken over (nothing is written)
   */
  public List<Receipt> append(Lease lease, List<Receipt.Draft> drafts) {
    for (Receipt.Draft draft : drafts) {
      if (!draft.trainRunId().equals(lease.trainRunId())) {
        throw new IllegalArgumentException("receipt of run " + draft.trainRunId() + " appended under the lease of run " + lease.trainRunId());
      }
    }
    Duration pause = options.conflictBackoff();
    for (int attempt = 0; ; attempt++) {
      List<Receipt> stamped = new ArrayList<>();
      DeltaAppTransactions.Outcome outcome = guarded(() -> transactions.appendIf(runApp(lease.trainRunId()),
          recorded -> recorded == LeaseVersion.NONE || LeaseVersion.of(recorded).epoch() != lease.epoch()
              ? OptionalLong.empty()
              : OptionalLong.of(new LeaseVersion(lease.epoch(), LeaseVersion.of(recorded).sequence() + drafts.size()).encoded()),
          version -> {
            long last = LeaseVersion.of(version).sequence();
            Instant at = now();
            stamped.clear();
            for (int i = 0; i < drafts.size(); i++) {
              stamped.add(drafts.get(i).stamped(lease.epoch(), last - drafts.size() + 1 + i, lease.holder(), at));
            }
            return List.copyOf(stamped);
          }));
      if (outcome instanceof DeltaAppTransactions.Outcome.Committed) {
        return List.copyOf(stamped);
      }
      if (outcome instanceof DeltaAppTransactions.Outcome.Declined declined) {
        long recorded = declined.recordedVersion();
        throw new LeaseLostException(lease.trainRunId(), lease.epoch(), recorded == LeaseVersion.NONE ? 0 : LeaseVersion.of(recorded).epoch());
      }
      if (attempt >= options.conflictRetries()) {
        throw new LedgerUnavailableException("could not append " + drafts.get(0).kind().wireName() + " to run " + lease.trainRunId()
            + " after " + (attempt + 1) + " tries: concurrent commits of the same run kept winning ("
            + ((DeltaAppTransactions.Outcome.Conflict) outcome).message() + ")");
      }
      sleep(pause);
      pause = pause.multipliedBy(2);
    }
  }

  /** Renews {@code lease}: a heartbeat receipt, so the lease lasts its TTL from now. */
  public Receipt renew(Lease lease) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("holder", lease.holder());
    body.put("beat_at", now().toString());
    return append(lease, Receipt.Draft.of(lease.trainRunId(), ReceiptKind.LEASE_RENEWED, body));
  }

  /**
   * Appends a note that needs no lease (a request received, a duplicate observed, a cancel
   * requested): a blind append, ordered by time among the run's notes.
   */
  public Receipt note(Receipt.Draft draft, String holder) {
    Receipt receipt = draft.stamped(0, 0, holder, now());
    guarded(() -> transactions.append(List.of(receipt)));
    return receipt;
  }

  /**
   * Binds {@code requestId} to {@code trainRunId} unless it is bound already; returns the binding
   * in force (which may name another run: a request id conflict).
   */
  public RequestBinding bindRequest(String requestId, String trainRunId, String holder, Map<String, Object> body) {
    Receipt receipt = Receipt.Draft.of(trainRunId, ReceiptKind.REQUEST_BOUND, body).withSubject(requestId).stamped(0, 0, holder, now());
    for (int attempt = 0; attempt < 3; attempt++) {
      DeltaAppTransactions.Outcome outcome = guarded(() -> transactions.appendIf(requestApp(requestId),
          recorded -> recorded == LeaseVersion.NONE ? OptionalLong.of(1) : OptionalLong.empty(), version -> List.of(receipt)));
      if (outcome instanceof DeltaAppTransactions.Outcome.Committed) {
        return new RequestBinding(requestId, trainRunId, true);
      }
      Optional<Receipt> bound = receiptsBySubject(requestId).stream().filter(r -> r.kind() == ReceiptKind.REQUEST_BOUND).findFirst();
      if (bound.isPresent()) {
        return new RequestBinding(requestId, bound.get().trainRunId(), false);
      }
      // The winner's commit is recorded but not yet visible to this read: look again.
    }
    throw new LedgerUnavailableException("request id " + requestId + " is bound in the ledger's transaction log but its binding receipt "
        + "cannot be read from " + tablePath);
  }

  // ---- reads ----

  /** The run's recorded application version (epoch and sequence), or -1 if it was never claimed. */
  public long recordedVersion(String trainRunId) {
    return guarded(() -> transactions.recordedVersion(runApp(trainRunId)));
  }

  /** Every receipt of a run: leased ones in (epoch, sequence) order, then notes by time; one per receipt id. */
  public List<Receipt> receipts(String trainRunId) {
    return read(col("train_run_id").equalTo(trainRunId));
  }

  /** Receipts whose subject is {@code subject} (a request id, a bundle fingerprint, a model name), any run. */
  public List<Receipt> receiptsBySubject(String subject) {
    return read(col("subject").equalTo(subject));
  }

  /** Every receipt of the given kinds, any run (for audit views). */
  public List<Receipt> receiptsOfKind(ReceiptKind kind) {
    return read(col("kind").equalTo(kind.wireName()));
  }

  private List<Receipt> read(Column filter) {
    List<Row> rows = guarded(() -> spark.read().format("delta").load(tablePath).where(filter).collectAsList());
    Map<String, Receipt> byId = new LinkedHashMap<>();
    rows.stream().map(DeltaLedger::fromRow)
        .sorted(Comparator.comparing((Receipt r) -> r.leaseEpoch() == 0 ? 1 : 0) // leased first, in lease order
            .thenComparingLong(Receipt::leaseEpoch).thenComparingLong(Receipt::sequence).thenComparing(Receipt::recordedAt)
            .thenComparing(Receipt::receiptId))
        .forEach(r -> byId.putIfAbsent(r.receiptId(), r));
    return List.copyOf(byId.values());
  }

  // ---- rows ----

  private static Receipt fromRow(Row row) {
    return new Receipt(row.getString(0), row.getString(1), ReceiptKind.fromWire(row.getString(2)), Optional.ofNullable(row.getString(3)),
        row.isNullAt(4) ? Optional.empty() : Optional.of(row.getInt(4)), Optional.ofNullable(row.getString(5)), row.getLong(6),
        row.getLong(7), row.getString(8), row.getTimestamp(9).toInstant(), CanonicalJson.readMap(row.getString(10)));
  }

  // ---- helpers ----

  private static String runApp(String trainRunId) {
    return "mf-run:" + trainRunId;
  }

  private static String requestApp(String requestId) {
    return "mf-request:" + requestId;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static void requireKind(Receipt.Draft draft, ReceiptKind kind) {
    if (draft.kind() != kind) {
      throw new IllegalArgumentException("expected a " + kind.wireName() + " receipt, got " + draft.kind().wireName());
    }
  }

  private <T> T guarded(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (LeaseLostException | LedgerUnavailableException e) {
      throw e;
    } catch (Exception e) { // including Delta's AnalysisException, checked in Java but thrown by Scala code
      throw new LedgerUnavailableException("the Model Factory ledger at " + tablePath + " cannot be used: " + rootMessage(e)
          + " (the run stops here and resumes from the ledger once it is reachable)", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerUnavailableException("interrupted while appending to the ledger", e);
    }
  }

  private static String stripSlash(String root) {
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }
}
