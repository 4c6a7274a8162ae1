package io.mbt.mf.race;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.mf.ModelFactory;
import io.mbt.mf.SubmitResult;
import io.mbt.mf.ledger.DeltaLedger;
import io.mbt.mf.ledger.Receipt;
import io.mbt.mf.ledger.ReceiptKind;
import io.mbt.mf.stage.RunOutcome;
import io.mbt.mf.testing.FakeEngine;
import io.mbt.mf.testing.MfFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12, acceptance 2: a lease holder that is frozen (SIGSTOP) past its TTL is taken over by
 * another process; when it wakes up (SIGCONT) its next append is fenced and nothing more is
 * written under its epoch. The holder is a child JVM held inside TRAIN attempt 1; the taker is this
 * JVM, resuming the run through {@link ModelFactory#resume}.
 */
class FencingTest {
  /**
   * Short, so that the test waits little for the frozen holder's lease to run out; the heartbeat
   * not shorter than needed, since every beat is a ledger commit.
   */
  private static final Duration HOLDER_TTL = Duration.ofSeconds(10);
  private static final Duration HOLDER_HEARTBEAT = Duration.ofSeconds(3);
  private static final Duration LIFETIME = Duration.ofMinutes(6);

  @TempDir Path tmp;

  @Test
  @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aHolderFrozenPastItsTtlIsTakenOverAndFencedWhenItWakes() throws Exception {
    Phases phases = new Phases("FencingTest");
    MfFixture inputs = RaceInputs.write(tmp.resolve("inputs"), 0);
    Path registry = tmp.resolve("registry");
    WorkerArgs holderArgs = new WorkerArgs(inputs.root, inputs.mfRoot(), tmp.resolve("holder"), registry, "holder", HOLDER_TTL,
        HOLDER_HEARTBEAT, WorkerArgs.Hold.TRAIN, frozenSparkConf());
    DeltaLedger ledger = RaceLedger.open(inputs.mfRoot());
    ModelFactory taker = RaceInputs.factory(ledger, inputs.root, inputs.mfRoot(), new RaceInputs.Holder("taker", Duration.ofSeconds(60),
        Duration.ofSeconds(2)), new FakeEngine(), new FileRegistry(registry));

    try (MfWorkers workers = MfWorkers.start(List.of(holderArgs), RaceLogs.of(FencingTest.class), LIFETIME)) {
      phases.mark("holder ready");
      MfWorkers.Worker holder = workers.get(0);
      holder.send("SUBMIT churn-fencing policies/churn.yaml 1");
      String run = holder.expectPrefix("BLOCKED TRAIN ");
      holder.signal("STOP");
      phases.mark("holder frozen inside TRAIN");

      RaceLedger.awaitExpired(taker, run, Duration.ofSeconds(60));
      phases.mark("its lease expired");
      SubmitResult taken = taker.resume(run);
      phases.mark("run taken over and finished here");
      assertThat(taken.outcome()).as("the taker's resume of %s (a frozen holder's run)%s", run, RaceLedger.describe(ledger.receipts(run)))
          .isEqualTo(RunOutcome.SUCCESS_PUBLISHED);
      Set<String> oldEpochAtTakeover = idsAtEpoch(ledger.receipts(run), 1);

      holder.signal("CONT");
      String cancelled = holder.expectPrefix("CANCELLED ");
      String[] answer = holder.expectPrefix("RESULT ").split(" ");
      holder.expect("DONE");
      phases.mark("holder woke and was fenced");

      List<Receipt> receipts = ledger.receipts(run);
      String chain = RaceLedger.describe(receipts);
      assertThat(RaceLedger.of(receipts, ReceiptKind.LEASE_TAKEOVER, null)).as("takeovers of %s:%s", run, chain).singleElement()
          .satisfies(t -> {
            assertThat(t.leaseEpoch()).as("the takeover's epoch").isEqualTo(2);
            assertThat(t.holder()).isEqualTo("taker");
            assertThat(t.body()).containsEntry("previous_holder", "holder").containsEntry("reason", "expired");
          });
      assertThat(cancelled).as("why the woken holder's lease keeper stopped its TRAIN: its renewal was refused")
          .contains("lease on run " + run + " was taken over (held epoch 1, the run is now at epoch 2)");
      assertThat(answer).as("the woken holder's submit answer: the taker's outcome, as a duplicate")
          .containsExactly(run, RunOutcome.SUCCESS_PUBLISHED.name(), "true");
      assertThat(idsAtEpoch(receipts, 1)).as("receipts under epoch 1 after the holder woke (expected exactly those before the takeover):%s",
          chain).isEqualTo(oldEpochAtTakeover);
      assertThat(RaceLedger.of(receipts, ReceiptKind.STAGE_COMPLETED, "TRAIN")).as("TRAIN completions of %s:%s", run, chain)
          .extracting(Receipt::leaseEpoch, r -> r.attempt().orElseThrow())
          .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 2));
      assertThat(RaceLedger.of(receipts, ReceiptKind.RUN_TERMINAL, null)).as("terminal receipts of %s:%s", run, chain)
          .extracting(Receipt::leaseEpoch, r -> r.string("outcome"))
          .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, RunOutcome.SUCCESS_PUBLISHED.name()));
      assertThat(ledger.recordedVersion(run) >>> 32).as("the run's recorded lease epoch (high 32 bits of its version)").isEqualTo(2);
    }
  }

  /**
   * Spark's driver drops its (in-process) executor after 120 s without heartbeats; a holder frozen
   * that long on a loaded machine would wake without one. Only the lease may expire here.
   */
  private static java.util.Map<String, String> frozenSparkConf() {
    java.util.Map<String, String> conf = WorkerArgs.sparkDefaults("mf-fencing");
    conf.put("spark.network.timeout", "600s");
    return conf;
  }

  private static Set<String> idsAtEpoch(List<Receipt> receipts, long epoch) {
    return receipts.stream().filter(r -> r.leaseEpoch() == epoch).map(r -> r.kind().wireName() + "@" + r.sequence() + " " + r.receiptId())
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
