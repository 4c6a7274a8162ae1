package io.mbt.mf.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * A lease holder's view of its run (MF-H9 for the writer): the run's receipts, read once, plus
 * everything the holder appends since. Under a lease nobody else appends leased receipts, so the
 * view stays exact without reading the ledger again; notes by others (a cancel request) are seen
 * on {@link #refresh()}.
 */
public final class RunJournal {
  private final DeltaLedger ledger;
  private final Lease lease;
  private final List<Receipt> receipts;

  public RunJournal(DeltaLedger ledger, Lease lease) {
    this.ledger = ledger;
    this.lease = lease;
    this.receipts = new ArrayList<>(ledger.receipts(lease.trainRunId()));
  }

  public Lease lease() {
    return lease;
  }

  public String trainRunId() {
    return lease.trainRunId();
  }

  public synchronized RunState state() {
    return RunState.of(lease.trainRunId(), receipts, -1);
  }

  /** @throws LeaseLostException if the lease was taken over */
  public synchronized Receipt append(Receipt.Draft draft) {
    return append(List.of(draft)).get(0);
  }

  /** One commit: all recorded, or none. @throws LeaseLostException if the lease was taken over */
  public synchronized List<Receipt> append(List<Receipt.Draft> drafts) {
    List<Receipt> written = ledger.append(lease, drafts);
    receipts.addAll(written);
    return written;
  }

  /** Reads the run again (to see notes written by others). */
  public synchronized void refresh() {
    receipts.clear();
    receipts.addAll(ledger.receipts(lease.trainRunId()));
  }

  /** Another run's state, read from the ledger (a re-gate's source). */
  public RunState other(String trainRunId) {
    return RunState.of(trainRunId, ledger.receipts(trainRunId), -1);
  }
}
