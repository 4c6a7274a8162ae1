package io.mbt.mf;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.mf.admission.ReasonCode;
import io.mbt.mf.ledger.Receipt;
import io.mbt.mf.ledger.ReceiptKind;
import io.mbt.mf.ledger.RunState;
import io.mbt.mf.request.DigestRef;
import io.mbt.mf.signal.LogSignals;
import io.mbt.mf.stage.RunOutcome;
import io.mbt.mf.testing.FakeRegistry;
import io.mbt.mf.testing.MfFixture;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Model Factory's paths (IP1..IP8) on a real Delta ledger, with a fake engine and registry. */
class ModelFactoryTest {
  @TempDir java.nio.file.Path tmp;

  private static List<String> chain(RunState state) {
    return state.receipts().stream().filter(r -> r.leaseEpoch() > 0 && r.kind() != ReceiptKind.LEASE_RENEWED)
        .map(r -> r.kind().wireName() + r.stage().map(s -> ":" + s).orElse("")).toList();
  }

  @Test
  void aPassingRunIsTrainedEvaluatedGatedPackagedAndPublishedOnce() {
    MfFixture mf = new MfFixture(tmp);
    SubmitResult result = mf.factory().submit(mf.request("churn-2026-02"), false);

    assertThat(result.outcome()).isEqualTo(RunOutcome.SUCCESS_PUBLISHED);
    assertThat(result.exitCode()).isZero();
    assertThat(result.duplicate()).isFalse();
    assertThat(result.bundleFingerprint()).hasValueSatisfying(f -> assertThat(f).startsWith("sha256:"));
    assertThat(mf.registry.versionCount()).isEqualTo(1);
    RunState state = mf.factory().state(result.trainRunId().orElseThrow());
    assertThat(chain(state)).containsExactly("run_claimed", "context_resolved", "admissibility", "stage_started:TRAIN",
        "artifact_locator:TRAIN", "stage_completed:TRAIN", "stage_started:EVAL", "artifact_locator:EVAL", "stage_completed:EVAL", "evidence",
        "stage_started:GATE", "gate:GATE", "stage_completed:GATE", "stage_started:PACKAGE", "artifact_locator:PACKAGE", "bundle_candidate",
        "stage_completed:PACKAGE", "stage_started:PUBLISH", "publish_attempt:PUBLISH", "publish_result:PUBLISH", "stage_completed:PUBLISH",
        "run_terminal");
    Receipt gate = state.latest(ReceiptKind.GATE).orElseThrow();
    assertThat(gate.body()).containsEntry("verdict", "PASS").containsEntry("policy_rev", "churn-0.8");
  }

  @Test
  void theSameRequestAgainAfterDoneGetsTheSameOutcomeWithoutWork() {
    MfFixture mf = new MfFixture(tmp);
    SubmitResult first = mf.factory().submit(mf.request("churn-2026-02"), false);
    SubmitResult again = mf.factory("worker-2").submit(mf.request("churn-2026-02"), false);

    assertThat(again.trainRunId()).isEqualTo(first.trainRunId());
    assertThat(again.outcome()).isEqualTo(RunOutcome.SUCCESS_PUBLISHED);
    assertThat(again.duplicate()).isTrue();
    assertThat(mf.engine.trains.get()).isEqualTo(1);
    assertThat(mf.registry.publishCalls.get()).isEqualTo(1);
  }

  @Test
  void aFailedGateNeverPublishesAndARegateUnderANewPolicyPublishesWithoutTraining() {
    MfFixture mf = new MfFixture(tmp);
    mf.writePolicy("policies/strict.yaml", 0.99);
    SubmitResult strict = mf.factory().submit(mf.request("churn-strict", io.mbt.mf.request.Intent.BASELINE_TRAIN, "manifests/telco.json",
        "policies/strict.yaml"), false);

    assertThat(strict.outcome()).isEqualTo(RunOutcome.FAILED_GATES);
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.reasons()).extracting(r -> r.code()).containsExactly(ReasonCode.GATE_THRESHOLD_NOT_MET);
    assertThat(strict.reasons().get(0).expected()).hasValue(">= 0.99");
    assertThat(mf.registry.publishCalls.get()).isZero();

    SubmitResult regated = mf.factory().regate(strict.trainRunId().orElseThrow(), new DigestRef("policies/churn.yaml", Optional.empty()),
        "airflow@analytics", "churn-regate-1");
    assertThat(regated.outcome()).isEqualTo(RunOutcome.SUCCESS_PUBLISHED);
    assertThat(regated.trainRunId()).isNotEqualTo(strict.trainRunId());
    assertThat(mf.engine.trains.get()).isEqualTo(1);
    RunState state = mf.factory().state(regated.trainRunId().orElseThrow());
    assertThat(chain(state)).doesNotContain("stage_started:TRAIN", "stage_started:EVAL");
    assertThat(state.all(ReceiptKind.SUPERSEDES)).extracting(r -> r.body().get("link")).contains("run", "gate");
  }

  @Test
  void anUnreachableRegistryLeavesThePublishPendingAndAPublishOnlyRetryFinishesItWithoutTraining() {
    MfFixture mf = new MfFixture(tmp);
    mf.registry.failNext(FakeRegistry.Fault.UNAVAILABLE, FakeRegistry.Fault.UNAVAILABLE, FakeRegistry.Fault.UNAVAILABLE);
    SubmitResult pending = mf.factory().submit(mf.request("churn-2026-02"), false);

    assertThat(pending.outcome()).isEqualTo(RunOutcome.PUBLISH_PENDING);
    assertThat(pending.exitCode()).isEqualTo(75);
    assertThat(pending.reasons()).extracting(r -> r.code()).containsExactly(ReasonCode.REGISTRY_UNAVAILABLE);
    assertThat(mf.registry.versionCount()).isZero();

    SubmitResult published = mf.factory("worker-2").publish(pending.trainRunId().orElseThrow());
    assertThat(published.outcome()).isEqualTo(RunOutcome.SUCCESS_PUBLISHED);
    SubmitResult again = mf.factory("worker-3").submit(mf.request("churn-2026-02"), false);
    assertThat(again.outcome()).isEqualTo(RunOutcome.SUCCESS_PUBLISHED);
    assertThat(mf.engine.trains.get()).isEqualTo(1);
    assertThat(mf.registry.versionCount()).isEqualTo(1);
  }

  @Test
  void anUnknownOutcomeIsProbedBeforeSendingAgain() {
    MfFixture mf = new MfFixture(tmp);
    mf.registry.failNext(FakeRegistry.Fault.UNKNOWN_BUT_ACCEPTED);
    SubmitResult result = mf.factory().submit(mf.request("churn-2026-02"), false);

    assertThat(result.outcome()).isEqualTo(RunOutcome.SUCCESS_PUBLISHED);
    assertThat(mf.registry.publishCalls.get()).isEqualTo(1);
    assertThat(mf.registry.versionCount()).isEqualTo(1);
    RunState state = mf.factory().state(result.trainRunId().orElseThrow());
    assertThat(state.all(ReceiptKind.PUBLISH_RESULT)).extracting(r -> r.string("outcome")).containsExactly("UNKNOWN_OUTCOME", "ALREADY_PUBLISHED");
  }

  @Test
  void aTamperedCandidateInTheRegistryIsAConflict() {
    MfFixture mf = new MfFixture(tmp);
    mf.registry.failNext(FakeRegistry.Fault.UNAVAILABLE, FakeRegistry.Fault.UNAVAILABLE, FakeRegistry.Fault.UNAVAILABLE);
    SubmitResult pending = mf.factory().submit(mf.request("churn-2026-02"), false);
    mf.registry.plant(pending.bundleFingerprint().orElseThrow());

    SubmitResult conflict = mf.factory().publish(pending.trainRunId().orElseThrow());
    assertThat(conflict.outcome()).isEqualTo(RunOutcome.FAILED_CONFLICT);
    assertThat(conflict.reasons()).extracting(r -> r.code()).containsExactly(ReasonCode.PUBLISH_CONFLICT);
  }

  @Test
  void aTransientTrainFailureIsRetriedAndTheBudgetBoundsIt() {
    MfFixture mf = new MfFixture(tmp);
    mf.engine.failTrainWith(ReasonCode.TRANSIENT_IO);
    SubmitResult retried = mf.factory().submit(mf.request("churn-a"), false);
    assertThat(retried.outcome()).isEqualTo(RunOutcome.SUCCESS_PUBLISHED);
    RunState state = mf.factory().state(retried.trainRunId().orElseThrow());
    assertThat(state.stage("TRAIN").orElseThrow().lastAttempt()).isEqualTo(2);

    MfFixture exhausted = new MfFixture(tmp.resolve("second"));
    exhausted.engine.failTrainWith(ReasonCode.TRANSIENT_IO, ReasonCode.RESOURCE_EXHAUSTED, ReasonCode.RUNTIME_CRASH);
    SubmitResult failed = exhausted.factory().submit(exhausted.request("churn-b"), false);
    assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED_RETRY_EXHAUSTED);
    assertThat(exhausted.engine.trains.get()).isEqualTo(3);

    MfFixture hard = new MfFixture(tmp.resolve("third"));
    hard.engine.failTrainWith(ReasonCode.STEP_FAILED);
    assertThat(hard.factory().submit(hard.request("churn-c"), false).outcome()).isEqualTo(RunOutcome.FAILED_STAGE);
    assertThat(hard.engine.trains.get()).isEqualTo(1);
  }

  @Test
  void aRunWhoseHolderDiedIsTakenOverAndResumedAtTheStageItHadStarted() {
    MfFixture mf = new MfFixture(tmp);
    // A worker claimed the run and started TRAIN, then died: its lease expires.
    String runId = mf.factory().trainRunIdOf(mf.request("churn-2026-02")).orElseThrow();
    Map<String, Object> claim = new java.util.LinkedHashMap<>();
    claim.put("ttl_ms", 30_000L);
    claim.put("request_id", "churn-2026-02");
    claim.put("request", mf.request("churn-2026-02").toJson());
    var lease = mf.ledger.claim(Receipt.Draft.of(runId, ReceiptKind.RUN_CLAIMED, claim), "dead-worker", java.time.Duration.ofSeconds(30))
        .lease().orElseThrow();
    mf.ledger.append(lease, Receipt.Draft.stage(runId, ReceiptKind.STAGE_STARTED, "TRAIN", 1, Map.of()));

    SubmitResult whileAlive = mf.factory("worker-2").submit(mf.request("churn-2026-02"), false);
    assertThat(whileAlive.outcome()).isEqualTo(RunOutcome.RUNNING);
    assertThat(whileAlive.exitCode()).isEqualTo(75);

    mf.clock.advance(java.time.Duration.ofSeconds(31));
    SubmitResult resumed = mf.factory("worker-2").submit(mf.request("churn-2026-02"), false);
    assertThat(resumed.outcome()).isEqualTo(RunOutcome.SUCCESS_PUBLISHED);
    RunState state = mf.factory().state(runId);
    assertThat(state.stage("TRAIN").orElseThrow().lastAttempt()).isEqualTo(2);
    assertThat(state.all(ReceiptKind.STAGE_COMPLETED)).filteredOn(r -> r.stage().equals(Optional.of("TRAIN"))).hasSize(1);
    assertThat(state.all(ReceiptKind.LEASE_TAKEOVER)).singleElement()
        .satisfies(t -> assertThat(t.body()).containsEntry("previous_holder", "dead-worker"));
  }

  @Test
  void aRequestIdReusedForOtherInputsIsAConflict() {
    MfFixture mf = new MfFixture(tmp);
    mf.factory().submit(mf.request("churn-2026-02"), false);
    mf.writePolicy("policies/other.yaml", 0.5);
    SubmitResult conflict = mf.factory().submit(mf.request("churn-2026-02", io.mbt.mf.request.Intent.BASELINE_TRAIN, "manifests/telco.json",
        "policies/other.yaml"), false);

    assertThat(conflict.outcome()).isEqualTo(RunOutcome.REJECTED_INPUTS);
    assertThat(conflict.reasons()).extracting(r -> r.code()).containsExactly(ReasonCode.REQUEST_ID_CONFLICT);
    assertThat(mf.engine.trains.get()).isEqualTo(1);
  }

  @Test
  void aThrowingSignalSinkChangesNothing() {
    MfFixture mf = new MfFixture(tmp);
    LogSignals signals = new LogSignals(null, (type, fact) -> {
      throw new IllegalStateException("sink down");
    }, mf.clock);
    mf.signals = signals;
    SubmitResult result = mf.factory().submit(mf.request("churn-2026-02"), false);

    assertThat(result.outcome()).isEqualTo(RunOutcome.SUCCESS_PUBLISHED);
    assertThat(signals.counters()).containsKey("mf.signal.dropped");
  }

  @Test
  void cancellingARunNobodyHoldsEndsIt() {
    MfFixture mf = new MfFixture(tmp);
    mf.registry.failNext(FakeRegistry.Fault.UNAVAILABLE, FakeRegistry.Fault.UNAVAILABLE, FakeRegistry.Fault.UNAVAILABLE);
    SubmitResult pending = mf.factory().submit(mf.request("churn-2026-02"), false);
    SubmitResult cancelled = mf.factory("ops").cancel(pending.trainRunId().orElseThrow(), "ops@analytics", "superseded by a backfill");

    assertThat(cancelled.outcome()).isEqualTo(RunOutcome.CANCELED);
    SubmitResult again = mf.factory().cancel(pending.trainRunId().orElseThrow(), "ops@analytics", "twice");
    assertThat(again.outcome()).isEqualTo(RunOutcome.CANCELED);
    assertThat(again.duplicate()).isTrue();
  }
}
