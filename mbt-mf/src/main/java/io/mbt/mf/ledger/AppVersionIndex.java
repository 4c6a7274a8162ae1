package io.mbt.mf.ledger;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.SetTransaction;
import scala.Option;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The table's application-id versions (its {@code SetTransaction}s), kept up to date by replaying
 * only the commits made since the last look. Delta answers {@code txnVersion} from the snapshot's
 * full state, a Spark job over the checkpoint and the JSON commits after it, on every new table
 * version, which made each claim cost seconds; its checksum file lists them only below 100 ids,
 * which a ledger of more than a few dozen runs exceeds. A replay of the few commits since the last
 * answer reads small JSON files and starts no Spark job. Thread-safe; one per ledger.
 */
final class AppVersionIndex {
  private final Map<String, Long> versions = new HashMap<>();
  private long indexedVersion = -1;

  /** The version of {@code appId} as of {@code snapshot}, or -1 if none was ever committed. */
  synchronized long versionOf(DeltaLog log, Snapshot snapshot, String appId) {
    long target = snapshot.version();
    if (indexedVersion > target) {
      return fromSnapshot(snapshot, appId); // an older snapshot than the index: answer from it alone
    }
    if (indexedVersion < 0 || !replay(log, target)) {
      seed(snapshot);
    }
    return versions.getOrDefault(appId, -1L);
  }

  /** Applies the commits after the indexed version up to {@code target}; false if some are no longer in the log. */
  private boolean replay(DeltaLog log, long target) {
    if (indexedVersion == target) {
      return true;
    }
    Map<String, Long> changes = new HashMap<>();
    long expected = indexedVersion + 1;
    try {
      Iterator<Tuple2<Object, Seq<Action>>> commits = log.getChanges(expected, target, true);
      while (commits.hasNext()) {
        Tuple2<Object, Seq<Action>> commit = commits.next();
        long version = ((Number) commit._1()).longValue();
        if (version != expected) {
          return false; // a gap: commits were cleaned up
        }
        for (Action action : JavaConverters.seqAsJavaList(commit._2())) {
          if (action instanceof SetTransaction txn) {
            changes.put(txn.appId(), txn.version());
          }
        }
        expected++;
      }
    } catch (RuntimeException e) {
      return false; // e.g. commits removed by log cleanup: seed from a snapshot instead
    }
    if (expected != target + 1) {
      return false;
    }
    versions.putAll(changes);
    indexedVersion = target;
    return true;
  }

  private void seed(Snapshot snapshot) {
    versions.clear();
    Option<Seq<SetTransaction>> listed = snapshot.checksumOpt().isDefined() ? snapshot.checksumOpt().get().setTransactions() : Option.empty();
    Seq<SetTransaction> all = listed.isDefined() ? listed.get() : snapshot.setTransactions();
    for (SetTransaction txn : JavaConverters.seqAsJavaList(all)) {
      versions.put(txn.appId(), txn.version());
    }
    indexedVersion = snapshot.version();
  }

  private static long fromSnapshot(Snapshot snapshot, String appId) {
    Option<Object> version = snapshot.transactions().get(appId);
    return version.isDefined() ? ((Number) version.get()).longValue() : -1;
  }
}
