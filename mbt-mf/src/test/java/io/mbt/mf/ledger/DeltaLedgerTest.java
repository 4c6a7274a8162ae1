package io.mbt.mf.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.mf.testing.MutableClock;
import io.mbt.steps.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaLedgerTest {
  private static final Duration TTL = Duration.ofSeconds(30);
  @TempDir Path root;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T10:00:00Z"));

  private DeltaLedger ledger() {
    return DeltaLedger.open(SharedSpark.session(), root.toUri().toString(), LedgerOptions.defaults(), clock);
  }

  private static Receipt.Draft claimOf(String run) {
    return Receipt.Draft.of(run, ReceiptKind.RUN_CLAIMED, Map.of("ttl_ms", TTL.toMillis(), "request_id", "req-1"));
  }

  @Test
  void firstClaimWinsAndLaterClaimsSeeTheWinner() {
    DeltaLedger ledger = ledger();
    Claim first = ledger.claim(claimOf("tr_a"), "worker-1", TTL);
    Claim second = ledger.claim(claimOf("tr_a"), "worker-2", TTL);

    assertThat(first.won()).isTrue();
    assertThat(first.lease().orElseThrow().epoch()).isEqualTo(1);
    assertThat(second.won()).isFalse();
    RunState state = RunState.of("tr_a", ledger.receipts("tr_a"), ledger.recordedVersion("tr_a"));
    assertThat(state.lease().orElseThrow().holder()).isEqualTo("worker-1");
    assertThat(state.all(ReceiptKind.RUN_CLAIMED)).hasSize(1);
  }

  @Test
  void concurrentClaimantsOfOneRunHaveExactlyOneWinnerAndUnrelatedRunsDoNotConflict() throws Exception {
    DeltaLedger ledger = ledger();
    ledger.claim(claimOf("tr_warm"), "warm", TTL); // creates the table's first commits outside the race
    int claimants = 4;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(claimants);
    try {
      List<Future<Claim>> same = new ArrayList<>();
      List<Future<Claim>> distinct = new ArrayList<>();
      for (int i = 0; i < claimants; i++) {
        String holder = "worker-" + i;
        String own = "tr_own_" + i;
        Callable<Claim> race = () -> {
          start.await();
          return ledger.claim(claimOf("tr_race"), holder, TTL);
        };
        same.add(pool.submit(race));
        distinct.add(pool.submit(() -> {
          start.await();
          return ledger.claim(claimOf(own), holder, TTL);
        }));
      }
      start.countDown();
      long winners = 0;
      for (Future<Claim> f : same) {
        winners += f.get().won() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
      for (Future<Claim> f : distinct) {
        assertThat(f.get().won()).as("a claim of a run nobody else claims").isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ledger.receipts("tr_race")).filteredOn(r -> r.kind() == ReceiptKind.RUN_CLAIMED).hasSize(1);
  }

  @Test
  void aTakeoverFencesTheOldHolder() {
    DeltaLedger ledger = ledger();
    Lease old = ledger.claim(claimOf("tr_b"), "worker-1", TTL).lease().orElseThrow();
    ledger.append(old, Receipt.Draft.stage("tr_b", ReceiptKind.STAGE_STARTED, "TRAIN", 1, Map.of()));
    clock.advance(TTL.plusSeconds(1));
    RunState state = RunState.of("tr_b", ledger.receipts("tr_b"), ledger.recordedVersion("tr_b"));
    assertThat(state.lease().orElseThrow().expired(clock.instant())).isTrue();

    Lease taken = ledger.takeover(Receipt.Draft.of("tr_b", ReceiptKind.LEASE_TAKEOVER,
        Map.of("ttl_ms", TTL.toMillis(), "previous_holder", "worker-1", "previous_epoch", 1)), state.recordedVersion(), "worker-2", TTL)
        .orElseThrow();

    assertThat(taken.epoch()).isEqualTo(2);
    assertThatThrownBy(() -> ledger.append(old, Receipt.Draft.stage("tr_b", ReceiptKind.STAGE_COMPLETED, "TRAIN", 1, Map.of())))
        .isInstanceOf(LeaseLostException.class)
        .hasMessage("lease on run tr_b was taken over (held epoch 1, the run is now at epoch 2): this worker stops; the new holder "
            + "resumes the run from the ledger");
    ledger.append(taken, Receipt.Draft.stage("tr_b", ReceiptKind.STAGE_STARTED, "TRAIN", 2, Map.of()));
    RunState after = RunState.of("tr_b", ledger.receipts("tr_b"), ledger.recordedVersion("tr_b"));
    assertThat(after.lease().orElseThrow().holder()).isEqualTo("worker-2");
    assertThat(after.stage("TRAIN").orElseThrow().lastAttempt()).isEqualTo(2);
    assertThat(after.receipts()).noneMatch(r -> r.kind() == ReceiptKind.STAGE_COMPLETED);
  }

  @Test
  void aTakeoverLosesWhenTheHolderWroteSinceTheTakerLooked() {
    DeltaLedger ledger = ledger();
    Lease holder = ledger.claim(claimOf("tr_c"), "worker-1", TTL).lease().orElseThrow();
    long seen = ledger.recordedVersion("tr_c");
    ledger.renew(holder); // the holder was alive after all

    assertThat(ledger.takeover(Receipt.Draft.of("tr_c", ReceiptKind.LEASE_TAKEOVER, Map.of("ttl_ms", TTL.toMillis())), seen, "worker-2",
        TTL)).isEmpty();
    ledger.append(holder, Receipt.Draft.stage("tr_c", ReceiptKind.STAGE_STARTED, "TRAIN", 1, Map.of()));
  }

  @Test
  void aRequestIdIsBoundToItsFirstRunOnly() {
    DeltaLedger ledger = ledger();
    RequestBinding first = ledger.bindRequest("churn-2026-02", "tr_d", "worker-1", Map.of());
    RequestBinding again = ledger.bindRequest("churn-2026-02", "tr_d", "worker-2", Map.of());
    RequestBinding other = ledger.bindRequest("churn-2026-02", "tr_e", "worker-3", Map.of());

    assertThat(first.newlyBound()).isTrue();
    assertThat(again.newlyBound()).isFalse();
    assertThat(again.conflicts("tr_d")).isFalse();
    assertThat(other.trainRunId()).isEqualTo("tr_d");
    assertThat(other.conflicts("tr_e")).isTrue();
  }

  @Test
  void receiptsComeBackInLeaseOrderWithNotesAfter() {
    DeltaLedger ledger = ledger();
    Lease lease = ledger.claim(claimOf("tr_f"), "worker-1", TTL).lease().orElseThrow();
    ledger.note(Receipt.Draft.of("tr_f", ReceiptKind.DUPLICATE_REQUEST_OBSERVED, Map.of("request_id", "req-2")), "worker-9");
    for (String stage : List.of("TRAIN", "EVAL", "GATE")) {
      clock.advance(Duration.ofSeconds(1));
      ledger.append(lease, Receipt.Draft.stage("tr_f", ReceiptKind.STAGE_STARTED, stage, 1, Map.of()));
      ledger.append(lease, Receipt.Draft.stage("tr_f", ReceiptKind.STAGE_COMPLETED, stage, 1, Map.of()));
    }

    List<Receipt> receipts = ledger.receipts("tr_f");
    assertThat(receipts).extracting(r -> r.kind().wireName() + r.stage().map(s -> ":" + s).orElse("")).containsExactly("run_claimed",
        "stage_started:TRAIN", "stage_completed:TRAIN", "stage_started:EVAL", "stage_completed:EVAL", "stage_started:GATE",
        "stage_completed:GATE", "duplicate_request_observed");
    assertThat(receipts.subList(0, 7)).extracting(Receipt::sequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    RunState state = RunState.of("tr_f", receipts, ledger.recordedVersion("tr_f"));
    assertThat(state.lease().orElseThrow().lastBeat()).isEqualTo(Instant.parse("2026-02-01T10:00:03Z"));
    assertThat(state.stage("GATE").orElseThrow().status()).isEqualTo(RunState.StageView.Status.COMPLETED);
  }

  @Test
  void receiptsWrittenWithoutSparkReadBackFieldForFieldAndReadsByRunSkipOtherRunsFiles() {
    DeltaLedger ledger = ledger();
    clock.advance(Duration.ofNanos(123_456_789)); // the ledger keeps microseconds
    Lease lease = ledger.claim(claimOf("tr_g"), "worker-1", TTL).lease().orElseThrow();
    Receipt.Draft full = Receipt.Draft.stage("tr_g", ReceiptKind.STAGE_COMPLETED, "TRAIN", 2, Map.of("metrics", Map.of("roc_auc", 0.84)))
        .withSubject("modèle-churn");
    Receipt written = ledger.append(lease, full);
    ledger.claim(claimOf("tr_h"), "worker-2", TTL);

    List<Receipt> read = ledger.receipts("tr_g");
    assertThat(read).hasSize(2);
    assertThat(read.get(1)).isEqualTo(written);
    assertThat(read.get(1).recordedAt()).isEqualTo(Instant.parse("2026-02-01T10:00:00.123456Z"));
    assertThat(read.get(0).stage()).isEmpty();
    assertThat(read.get(0).attempt()).isEmpty();
    assertThat(ledger.receiptsBySubject("modèle-churn")).containsExactly(written);
    // Each commit is one file with Delta statistics: a read by run opens only that run's files.
    assertThat(SharedSpark.session().read().format("delta").load(ledger.tablePath())
        .where(org.apache.spark.sql.functions.col("train_run_id").equalTo("tr_h")).inputFiles()).hasSize(1);
  }

  @Test
  void eachOpenLedgerSeesTheClaimsOthersCommittedSinceItLastLooked() {
    DeltaLedger first = ledger();
    DeltaLedger second = ledger(); // its own index of application versions, as another process has
    assertThat(second.recordedVersion("tr_i")).isEqualTo(-1);
    assertThat(first.claim(claimOf("tr_i"), "worker-1", TTL).won()).isTrue();
    for (int i = 0; i < DeltaAppTransactions.CHECKPOINT_EVERY; i++) { // past a checkpoint: the index replays commits
      first.claim(claimOf("tr_filler_" + i), "worker-1", TTL);
    }
    // The committer of version 100 checkpointed it (after its commit, not inside it).
    assertThat(Path.of(java.net.URI.create(first.tablePath())).resolve("_delta_log").resolve(String.format("%020d.checkpoint.parquet", DeltaAppTransactions.CHECKPOINT_EVERY)))
        .exists();
    assertThat(second.recordedVersion("tr_i")).isEqualTo(new LeaseVersion(1, 0).encoded());
    DeltaLedger reopened = ledger(); // a new process starts from the checkpoint
    assertThat(reopened.recordedVersion("tr_filler_7")).isEqualTo(new LeaseVersion(1, 0).encoded());
    assertThat(second.claim(claimOf("tr_i"), "worker-2", TTL).won()).isFalse();
    assertThat(second.claim(claimOf("tr_j"), "worker-2", TTL).won()).isTrue();
    assertThat(first.claim(claimOf("tr_j"), "worker-1", TTL).won()).isFalse();
    assertThat(first.receipts("tr_j")).singleElement().satisfies(r -> assertThat(r.holder()).isEqualTo("worker-2"));
  }

  @Test
  void refusesALedgerOnASingleWriterLogStoreUnlessDeclared() {
    assertThatThrownBy(() -> DeltaLedger.open(SharedSpark.session(), "s3a://bucket/mf", LedgerOptions.defaults(), clock))
        .isInstanceOf(LedgerUnavailableException.class)
        .hasMessageContaining("the Model Factory ledger")
        .hasMessageContaining("S3SingleDriverLogStore")
        .hasMessageContaining("single_writer: true");
  }
}
