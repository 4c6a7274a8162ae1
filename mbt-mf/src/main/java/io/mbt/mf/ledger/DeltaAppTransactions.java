package io.mbt.mf.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.ConcurrentTransactionException;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.SetTransaction;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Compare-and-set appends on a Delta table through application transaction ids. The only class
 * of the ledger that uses Delta's internal transaction API ({@code DeltaLog},
 * {@code OptimisticTransaction}): the public {@code txnAppId}/{@code txnVersion} writer options
 * skip a stale write silently, so a writer could not tell "I won" from "someone else had already
 * won"; here the version is read inside the transaction and the commit either lands or throws.
 *
 * <p>Guarantees: a commit through {@link #appendIf} carries {@code SetTransaction(appId, v)}; it
 * lands only if no commit with the same application id landed after this transaction read the
 * recorded version (Delta raises {@link ConcurrentTransactionException} otherwise, reported as
 * {@link Outcome.Conflict}). Appends with different application ids never conflict with each
 * other (they are blind appends and Delta rebases them). On a {@code file://} ledger the commits
 * of all processes are taken one at a time ({@link CommitLock}), which makes them cheap, not atomic.
 */
final class DeltaAppTransactions {
  private final SparkSession spark;
  private final String tablePath;
  private final ReceiptFiles files;
  private final AppVersionIndex index = new AppVersionIndex();
  private final CommitLock commitLock;
  /** Commits between two checkpoints of the ledger (see {@link #checkpointIfDue}). */
  static final long CHECKPOINT_EVERY = 100;

  DeltaAppTransactions(SparkSession spark, String tablePath) {
    this.spark = spark;
    this.tablePath = tablePath;
    org.apache.hadoop.conf.Configuration conf = spark.sessionState().newHadoopConf();
    this.files = new ReceiptFiles(new org.apache.hadoop.fs.Path(tablePath), conf);
    this.commitLock = CommitLock.forTable(tablePath, conf, CommitLock.DEFAULT_MAX_WAIT);
  }

  /** What an {@link #appendIf} did. */
  sealed interface Outcome {
    /** The rows and the new version of {@code appId} are committed as table version {@code tableVersion}. */
    record Committed(long appVersion, long tableVersion) implements Outcome {}

    /** The decision function declined to write, given the recorded version ({@code -1} if none). */
    record Declined(long recordedVersion) implements Outcome {}

    /** Another commit with the same application id landed first: read again and decide again. */
    record Conflict(String message) implements Outcome {}
  }

  /** The version last committed for {@code appId}, or -1 if none. */
  long recordedVersion(String appId) {
    DeltaLog log = DeltaLog.forTable(spark, tablePath);
    return index.versionOf(log, log.update(false, Option.empty(), Option.empty()), appId);
  }


  /**
   * Appends {@code rowsAt(v)} with {@code SetTransaction(appId, v)} where {@code v =
   * decide(recorded)}; when {@code decide} returns empty nothing is written.
   */
  Outcome appendIf(String appId, LongFunction<OptionalLong> decide, LongFunction<List<Receipt>> receiptsAt) {
    Outcome outcome;
    try (CommitLock.Held ignored = commitLock.acquire()) {
      outcome = appendIfLocked(appId, decide, receiptsAt);
    }
    if (outcome instanceof Outcome.Committed committed) {
      checkpointIfDue(committed.tableVersion());
    }
    return outcome;
  }

  /**
   * Every {@link #CHECKPOINT_EVERY} versions, the process that committed it writes a checkpoint (so that
   * opening the ledger replays at most that many commits), outside the commit lock: the others keep
   * committing meanwhile. A failed checkpoint changes nothing; the next one is written a round later.
   */
  private void checkpointIfDue(long tableVersion) {
    if (tableVersion == 0 || tableVersion % CHECKPOINT_EVERY != 0) {
      return;
    }
    try {
      DeltaLog log = DeltaLog.forTable(spark, tablePath);
      org.apache.hadoop.fs.Path written = new org.apache.hadoop.fs.Path(log.logPath(), String.format("%020d.checkpoint.parquet", tableVersion));
      if (written.getFileSystem(log.newDeltaHadoopConf()).exists(written)) {
        return; // a ledger created before this class checkpointed: Delta already wrote it inside the commit
      }
      log.checkpoint(log.getSnapshotAt(tableVersion, Option.empty(), Option.empty()), Option.empty());
    } catch (RuntimeException | java.io.IOException e) {
      org.slf4j.LoggerFactory.getLogger(DeltaAppTransactions.class).warn("no checkpoint of the Model Factory ledger at version {}: {}",
          tableVersion, e.toString());
    }
  }

  private Outcome appendIfLocked(String appId, LongFunction<OptionalLong> decide, LongFunction<List<Receipt>> receiptsAt) {
    DeltaLog log = DeltaLog.forTable(spark, tablePath);
    OptimisticTransaction txn = log.startTransaction();
    // What txn.txnVersion(appId) does, without its state reconstruction (AppVersionIndex): register the read (a
    // concurrent commit of appId now conflicts with this one), then look the version up.
    txn.readTxn().$plus$eq(appId);
    long recorded = index.versionOf(log, txn.snapshot(), appId);
    OptionalLong next = decide.apply(recorded);
    if (next.isEmpty()) {
      return new Outcome.Declined(recorded);
    }
    List<Action> actions = new ArrayList<>();
    actions.add(files.write(receiptsAt.apply(next.getAsLong())));
    actions.add(new SetTransaction(appId, next.getAsLong(), Option.apply(System.currentTimeMillis())));
    try {
      long version = txn.commit(JavaConverters.asScalaBuffer(actions).toSeq(),
          new DeltaOperations.Write(SaveMode.Append, Option.empty(), Option.empty(), Option.empty()));
      return new Outcome.Committed(next.getAsLong(), version);
    } catch (ConcurrentTransactionException e) {
      return new Outcome.Conflict(e.getMessage());
    }
  }

  /** A blind append without an application id (notes that order by time, not by a lease). */
  long append(List<Receipt> receipts) {
    long version;
    try (CommitLock.Held ignored = commitLock.acquire()) {
      DeltaLog log = DeltaLog.forTable(spark, tablePath);
      OptimisticTransaction txn = log.startTransaction();
      List<Action> actions = List.of(files.write(receipts));
      version = txn.commit(JavaConverters.asScalaBuffer(actions).toSeq(),
          new DeltaOperations.Write(SaveMode.Append, Option.empty(), Option.empty(), Option.empty()));
    }
    checkpointIfDue(version);
    return version;
  }
}
