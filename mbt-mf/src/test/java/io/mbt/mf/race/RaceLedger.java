package io.mbt.mf.race;

import io.mbt.mf.ModelFactory;
import io.mbt.mf.ledger.DeltaLedger;
import io.mbt.mf.ledger.LedgerOptions;
import io.mbt.mf.ledger.Receipt;
import io.mbt.mf.ledger.ReceiptKind;
import io.mbt.mf.ledger.RunState;
import io.mbt.steps.testing.SharedSpark;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The test JVM's view of a race's ledger: the source of truth every assertion reads. */
final class RaceLedger {
  private RaceLedger() {}

  /** The ledger under {@code mfRoot}, opened by this JVM (which is a process of the race like any other) on the wall clock. */
  static DeltaLedger open(String mfRoot) {
    return DeltaLedger.open(SharedSpark.session(), mfRoot, LedgerOptions.defaults(), Clock.systemUTC());
  }

  /** The receipts of {@code kind} (and {@code stage}, if not null). */
  static List<Receipt> of(List<Receipt> receipts, ReceiptKind kind, String stage) {
    return receipts.stream().filter(r -> r.kind() == kind && (stage == null || stage.equals(r.stage().orElse(null)))).toList();
  }

  /** A run's receipts in one line each, for failure messages: kind:stage#attempt @epoch.sequence by holder. */
  static String describe(List<Receipt> receipts) {
    return receipts.stream().map(r -> "\n  " + r.kind().wireName() + r.stage().map(s -> ":" + s).orElse("")
        + r.attempt().map(a -> "#" + a).orElse("") + " @" + r.leaseEpoch() + "." + r.sequence() + " by " + r.holder()
        + (r.string("outcome") == null ? "" : " " + r.string("outcome"))).collect(Collectors.joining());
  }

  /**
   * Waits until the run's lease has expired by the wall clock (its holder is stopped or dead, so it
   * writes nothing more), plus a margin for the clocks of processes to agree.
   */
  static RunState awaitExpired(ModelFactory factory, String runId, Duration longest) throws InterruptedException {
    Instant deadline = Instant.now().plus(longest);
    while (true) {
      RunState state = factory.state(runId);
      RunState.LeaseView lease = state.lease().orElseThrow(() -> new AssertionError("run " + runId + " has no lease in the ledger"
          + describe(state.receipts())));
      Instant usable = lease.expiresAt().plusMillis(500);
      if (Instant.now().isAfter(usable)) {
        return state;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the lease of run " + runId + " (holder " + lease.holder() + ", epoch " + lease.epoch()
            + ") did not expire within " + longest + ": its holder still writes" + describe(state.receipts()));
      }
      Thread.sleep(Math.max(50, Math.min(1000, Duration.between(Instant.now(), usable).toMillis())));
    }
  }
}
