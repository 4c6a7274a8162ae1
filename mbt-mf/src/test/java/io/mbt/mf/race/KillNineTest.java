package io.mbt.mf.race;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.mf.ModelFactory;
import io.mbt.mf.SubmitResult;
import io.mbt.mf.ledger.DeltaLedger;
import io.mbt.mf.ledger.Receipt;
import io.mbt.mf.ledger.ReceiptKind;
import io.mbt.mf.race.WorkerArgs.Hold;
import io.mbt.mf.stage.RunOutcome;
import io.mbt.mf.testing.FakeEngine;
import io.mbt.mf.testing.MfFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12, acceptance 3: a worker killed with SIGKILL at three points of its run, and the run
 * resumed by another process (this JVM) once the dead worker's lease expired. The three workers
 * run side by side, one run each, and are all killed before any test resumes: one wait for the
 * JVMs to start, one for the leases to expire. Their registry is a directory, so what a killed
 * worker published is still there for the resume.
 */
class KillNineTest {
  /**
   * Short, so that the resume waits little for a dead worker's lease to run out; the heartbeat not
   * shorter than needed, since every beat is a ledger commit (and every tenth commit a checkpoint).
   */
  private static final Duration WORKER_TTL = Duration.ofSeconds(15);
  private static final Duration WORKER_HEARTBEAT = Duration.ofSeconds(5);
  private static final Duration LIFETIME = Duration.ofMinutes(6);

  /** Where a worker is killed: held there ({@link Hold}), it says {@code BLOCKED <hold> …}. */
  private record Crash(String worker, Hold hold, int key) {
    String requestId() {
      return "churn-" + worker;
    }
  }

  /** A killed worker's run, and its receipts as the worker left them. */
  private record Killed(String runId, List<Receipt> receipts, int registryVersions) {}

  private static final Crash IN_TRAIN = new Crash("killed-in-train", Hold.TRAIN, 0);
  private static final Crash AFTER_GATE = new Crash("killed-after-gate", Hold.PUBLISH_BEFORE, 1);
  private static final Crash MID_PUBLISH = new Crash("killed-mid-publish", Hold.PUBLISH_AFTER, 2);

  @TempDir static Path tmp;
  private static MfFixture inputs;
  private static DeltaLedger ledger;
  private static final Map<Crash, Killed> killed = new LinkedHashMap<>();
  private static final Phases phases = new Phases("KillNineTest");

  @BeforeAll
  @Timeout(value = 360, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  static void runThreeWorkersAndKillEachAtItsPoint() throws Exception {
    inputs = RaceInputs.write(tmp.resolve("inputs"), 3);
    ledger = RaceLedger.open(inputs.mfRoot());
    List<Crash> crashes = List.of(IN_TRAIN, AFTER_GATE, MID_PUBLISH);
    List<WorkerArgs> args = new ArrayList<>();
    for (Crash crash : crashes) {
      args.add(new WorkerArgs(inputs.root, inputs.mfRoot(), tmp.resolve(crash.worker()), registry(crash), crash.worker(), WORKER_TTL,
          WORKER_HEARTBEAT, crash.hold(), WorkerArgs.sparkDefaults("mf-" + crash.worker())));
    }
    try (MfWorkers workers = MfWorkers.start(args, RaceLogs.of(KillNineTest.class), LIFETIME)) {
      phases.mark("workers ready");
      for (int i = 0; i < crashes.size(); i++) {
        workers.get(i).send("SUBMIT " + crashes.get(i).requestId() + " " + RaceInputs.policyOf(crashes.get(i).key()) + " 1");
      }
      for (int i = 0; i < crashes.size(); i++) {
        Crash crash = crashes.get(i);
        workers.get(i).expectPrefix("BLOCKED " + crash.hold() + " ");
        workers.get(i).kill9();
        phases.mark(crash.worker() + " killed");
        String run = resumer(crash, new FakeEngine()).trainRunIdOf(request(crash)).orElseThrow();
        killed.put(crash, new Killed(run, ledger.receipts(run), new FileRegistry(registry(crash)).versions().size()));
      }
    }
  }

  @AfterAll
  static void forget() {
    killed.clear();
  }

  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void killedDuringTrainTheResumeRunsAttempt2AndTrainCompletesOnce() throws Exception {
    Killed at = killed.get(IN_TRAIN);
    assertThat(RaceLedger.of(at.receipts(), ReceiptKind.STAGE_STARTED, "TRAIN")).as("killed inside TRAIN attempt 1:%s",
        RaceLedger.describe(at.receipts())).hasSize(1);
    FakeEngine engine = new FakeEngine();

    SubmitResult resumed = resume(IN_TRAIN, engine);

    List<Receipt> receipts = publishedByTheResume(at, resumed);
    String chain = RaceLedger.describe(receipts);
    assertThat(RaceLedger.of(receipts, ReceiptKind.STAGE_STARTED, "TRAIN")).as("TRAIN starts (attempt, epoch):%s", chain)
        .extracting(r -> r.attempt().orElseThrow(), Receipt::leaseEpoch).containsExactly(Tuple.tuple(1, 1L), Tuple.tuple(2, 2L));
    assertThat(RaceLedger.of(receipts, ReceiptKind.STAGE_COMPLETED, "TRAIN")).as("TRAIN completions (expected one, attempt 2):%s", chain)
        .extracting(r -> r.attempt().orElseThrow()).containsExactly(2);
    assertThat(engine.trains.get()).as("TRAIN calls of the resuming process").isEqualTo(1);
    assertTakenOverEndedOnceAndPublishedOneVersion(IN_TRAIN, receipts);
  }

  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void killedAfterTheGateTheResumeNeitherTrainsNorEvaluatesAgain() throws Exception {
    Killed at = killed.get(AFTER_GATE);
    assertThat(RaceLedger.of(at.receipts(), ReceiptKind.PUBLISH_ATTEMPT, null)).as("killed in its first publish call:%s",
        RaceLedger.describe(at.receipts())).hasSize(1);
    assertThat(at.registryVersions()).as("registry versions when it was killed (before the registry call)").isZero();
    FakeEngine engine = new FakeEngine();

    SubmitResult resumed = resume(AFTER_GATE, engine);

    List<Receipt> receipts = publishedByTheResume(at, resumed);
    String chain = RaceLedger.describe(receipts);
    for (String stage : List.of("TRAIN", "EVAL", "GATE", "PACKAGE")) {
      assertThat(RaceLedger.of(receipts, ReceiptKind.STAGE_STARTED, stage)).as("%s starts (expected one, by the killed worker):%s", stage,
          chain).extracting(Receipt::leaseEpoch).containsExactly(1L);
    }
    assertThat(engine.trains.get() + engine.evaluations.get()).as("TRAIN and EVAL calls of the resuming process").isZero();
    assertThat(RaceLedger.of(receipts, ReceiptKind.RESUME_REQUESTED, null)).as("resumes:%s", chain)
        .extracting(r -> r.string("resume_type")).containsExactly("publish_only");
    assertThat(successes(receipts)).as("successful publish results:%s", chain).containsExactly("PUBLISHED");
    assertTakenOverEndedOnceAndPublishedOneVersion(AFTER_GATE, receipts);
  }

  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void killedMidPublishTheResumeFindsTheVersionAndLeavesExactlyOne() throws Exception {
    Killed at = killed.get(MID_PUBLISH);
    assertThat(at.registryVersions()).as("registry versions when it was killed (after the registry created one)").isEqualTo(1);
    assertThat(RaceLedger.of(at.receipts(), ReceiptKind.PUBLISH_RESULT, null)).as("publish results when it was killed:%s",
        RaceLedger.describe(at.receipts())).isEmpty();
    FakeEngine engine = new FakeEngine();

    SubmitResult resumed = resume(MID_PUBLISH, engine);

    List<Receipt> receipts = publishedByTheResume(at, resumed);
    String chain = RaceLedger.describe(receipts);
    assertThat(successes(receipts)).as("successful publish results:%s", chain).containsExactly("ALREADY_PUBLISHED");
    assertThat(engine.trains.get() + engine.evaluations.get()).as("TRAIN and EVAL calls of the resuming process").isZero();
    assertTakenOverEndedOnceAndPublishedOneVersion(MID_PUBLISH, receipts);
  }

  /** Waits out the dead worker's lease, then resumes its run here. */
  private static SubmitResult resume(Crash crash, FakeEngine engine) throws InterruptedException {
    ModelFactory resumer = resumer(crash, engine);
    String run = killed.get(crash).runId();
    RaceLedger.awaitExpired(resumer, run, Duration.ofSeconds(60));
    phases.mark(crash.worker() + "'s lease expired");
    SubmitResult resumed = resumer.resume(run);
    phases.mark(crash.worker() + "'s run resumed here");
    return resumed;
  }

  /** This JVM as the process that resumes a dead worker's run. */
  private static ModelFactory resumer(Crash crash, FakeEngine engine) {
    return RaceInputs.factory(ledger, inputs.root, inputs.mfRoot(), new RaceInputs.Holder("resumer", Duration.ofSeconds(60),
        Duration.ofSeconds(2)), engine, new FileRegistry(registry(crash)));
  }

  /** The run's receipts after a resume that must have ended it published. */
  private static List<Receipt> publishedByTheResume(Killed at, SubmitResult resumed) {
    List<Receipt> receipts = ledger.receipts(at.runId());
    assertThat(resumed.outcome()).as("the resume's outcome:%s", RaceLedger.describe(receipts)).isEqualTo(RunOutcome.SUCCESS_PUBLISHED);
    return receipts;
  }

  private static void assertTakenOverEndedOnceAndPublishedOneVersion(Crash crash, List<Receipt> receipts) {
    String chain = RaceLedger.describe(receipts);
    assertThat(RaceLedger.of(receipts, ReceiptKind.LEASE_TAKEOVER, null)).as("takeovers:%s", chain)
        .extracting(Receipt::leaseEpoch, Receipt::holder, r -> r.string("previous_holder"))
        .containsExactly(Tuple.tuple(2L, "resumer", crash.worker()));
    assertThat(RaceLedger.of(receipts, ReceiptKind.RUN_TERMINAL, null)).as("terminal receipts:%s", chain)
        .extracting(r -> r.string("outcome")).containsExactly(RunOutcome.SUCCESS_PUBLISHED.name());
    assertThat(new FileRegistry(registry(crash)).versions()).as("registry versions").hasSize(1);
  }

  private static List<String> successes(List<Receipt> receipts) {
    return RaceLedger.of(receipts, ReceiptKind.PUBLISH_RESULT, null).stream().filter(r -> Boolean.TRUE.equals(r.body().get("success")))
        .map(r -> r.string("outcome")).toList();
  }

  private static io.mbt.mf.request.TrainRequest request(Crash crash) {
    return RaceInputs.request(crash.requestId(), RaceInputs.policyOf(crash.key()));
  }

  private static Path registry(Crash crash) {
    return tmp.resolve("registry-" + crash.worker());
  }
}
