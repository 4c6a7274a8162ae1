package io.mbt.mf.stage;

import io.mbt.mf.admission.MfContext;
import io.mbt.mf.admission.Reason;
import io.mbt.mf.admission.ReasonCode;
import io.mbt.mf.bundle.BundleAssembler;
import io.mbt.mf.bundle.BundleCandidate;
import io.mbt.mf.engine.ArtifactLocator;
import io.mbt.mf.engine.EvalOutput;
import io.mbt.mf.engine.StageCall;
import io.mbt.mf.engine.StageFailedException;
import io.mbt.mf.engine.TrainEvalEngine;
import io.mbt.mf.engine.TrainOutput;
import io.mbt.mf.gate.GateEvaluator;
import io.mbt.mf.gate.GateVerdict;
import io.mbt.mf.identity.Digests;
import io.mbt.mf.ledger.ArtifactFiles;
import io.mbt.mf.ledger.DeltaLedger;
import io.mbt.mf.ledger.Lease;
import io.mbt.mf.ledger.LeaseLostException;
import io.mbt.mf.ledger.RunJournal;
import io.mbt.mf.ledger.Receipt;
import io.mbt.mf.ledger.ReceiptKind;
import io.mbt.mf.ledger.RunState;
import io.mbt.mf.publish.CandidateRegistry;
import io.mbt.mf.publish.PublishStage;
import io.mbt.mf.signal.Signals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * MF-D: drives an admitted run, stage by stage, from what its receipts say (IL2): the earliest
 * stage of the intent's plan without a completion receipt runs next, as a new attempt; a
 * transient failure is retried within the policy's budget with backoff (IL3); a HARD one ends the
 * run. Stage outputs are read back only from completion receipts, so a resumed run on another
 * machine continues exactly where the ledger says (never from files).
 */
public final class RunDriver {
  /** Waits between retries; tests pass one that does not sleep. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final DeltaLedger ledger;
  private final TrainEvalEngine engine;
  private final CandidateRegistry registry;
  private final ArtifactFiles artifacts;
  private final Signals signals;
  private final String mfRoot;
  private final Sleeper sleeper;

  public RunDriver(DeltaLedger ledger, TrainEvalEngine engine, CandidateRegistry registry, ArtifactFiles artifacts, Signals signals,
      String mfRoot, Sleeper sleeper) {
    this.ledger = ledger;
    this.engine = engine;
    this.registry = registry;
    this.artifacts = artifacts;
    this.signals = signals;
    this.mfRoot = mfRoot.endsWith("/") ? mfRoot.substring(0, mfRoot.length() - 1) : mfRoot;
    this.sleeper = sleeper;
  }

  /**
   * Runs the run's remaining stages under {@code lease} until it ends or its publish is pending.
   *
   * @param lost tells whether the lease keeper saw a takeover (then this driver stops at once)
   * @throws LeaseLostException if the lease was taken over
   */
  public RunOutcome drive(Lease lease, MfContext context, String inputFingerprint, StageCall.Cancellation cancellation,
      Supplier<Optional<LeaseLostException>> lost) {
    RunJournal journal = new RunJournal(ledger, lease);
    List<Stage> plan = Stage.planFor(context.request().intent());
    while (true) {
      lost.get().ifPresent(e -> {
        throw e;
      });
      if (cancellation.cancelled()) {
        journal.refresh(); // the cancel note, and anything else written by others
      }
      RunState state = journal.state();
      if (state.terminal().isPresent()) {
        return RunOutcome.valueOf(state.terminal().get().string("outcome"));
      }
      if (state.cancelRequested().isPresent() || cancellation.cancelled()) {
        return terminate(journal, context, RunOutcome.CANCELED, List.of(Reason.of(ReasonCode.CANCELED, context.trainRunId(),
            cancellation.cancelled() ? cancellation.reason() : "cancel requested by " + state.cancelRequested().get().holder())), List.of());
      }
      Optional<Stage> next = plan.stream().filter(s -> StageReceipts.completed(state, s).isEmpty()).findFirst();
      if (next.isEmpty()) {
        return terminate(journal, context, context.request().intent().publishes() ? RunOutcome.SUCCESS_PUBLISHED : RunOutcome.SUCCESS_EVALUATED,
            List.of(), List.of());
      }
      Stage stage = next.get();
      int attempt = state.stage(stage.name()).map(v -> v.lastAttempt() + 1).orElse(1);
      Optional<RunOutcome> ended = switch (stage) {
        case TRAIN -> train(journal, context, inputFingerprint, attempt, cancellation);
        case EVAL -> evaluate(journal, context, inputFingerprint, attempt, cancellation, state);
        case GATE -> gate(journal, context, attempt);
        case PACKAGE -> packageCandidate(journal, context, inputFingerprint, attempt);
        case PUBLISH -> publish(journal, context, attempt);
      };
      if (ended.isPresent()) {
        return ended.get();
      }
    }
  }

  private Optional<RunOutcome> train(RunJournal journal, MfContext context, String inputFingerprint, int attempt,
      StageCall.Cancellation cancellation) {
    String attemptRoot = mfRoot + "/runs/" + context.trainRunId() + "/attempt-" + attempt;
    StageCall call = new StageCall(context, Stage.TRAIN.name(), attempt, seed(context.trainRunId(), Stage.TRAIN), inputFingerprint, attemptRoot,
        cancellation);
    Map<String, Object> started = new LinkedHashMap<>();
    started.put("stage_seed", call.seed());
    started.put("attempt_root", attemptRoot);
    started.put("input_fingerprint", inputFingerprint);
    // Its own commit, before any work: a run killed during TRAIN resumes with the next attempt number.
    journal.append(StageReceipts.draft(context.trainRunId(), ReceiptKind.STAGE_STARTED, Stage.TRAIN, attempt, started));
    signal(context, "mf.stage.started", Map.of("stage", "TRAIN", "attempt", attempt));
    try {
      TrainOutput out = engine.train(call);
      List<Receipt.Draft> done = new ArrayList<>(locators(context, Stage.TRAIN, attempt, out.artifacts()));
      done.add(StageReceipts.draft(context.trainRunId(), ReceiptKind.STAGE_COMPLETED, Stage.TRAIN, attempt,
          StageReceipts.trainBody(out, attemptRoot)));
      journal.append(done);
      signal(context, "mf.stage.completed", Map.of("stage", "TRAIN", "attempt", attempt));
      return Optional.empty();
    } catch (StageFailedException e) {
      return failed(journal, context, Stage.TRAIN, attempt, e, cancellation);
    }
  }

  private Optional<RunOutcome> evaluate(RunJournal journal, MfContext context, String inputFingerprint, int attempt,
      StageCall.Cancellation cancellation, RunState state) {
    Receipt trained = StageReceipts.completed(state, Stage.TRAIN).orElseThrow();
    TrainOutput trainOutput = StageReceipts.trainOutput(trained);
    StageCall call = new StageCall(context, Stage.EVAL.name(), attempt, seed(context.trainRunId(), Stage.EVAL), inputFingerprint,
        String.valueOf(trained.body().get("attempt_root")), cancellation);
    journal.append(StageReceipts.draft(context.trainRunId(), ReceiptKind.STAGE_STARTED, Stage.EVAL, attempt,
        Map.of("train_attempt", trained.attempt().orElse(1), "stage_seed", call.seed())));
    try {
      for (ArtifactLocator locator : trainOutput.artifacts()) {
        if (!artifacts.verify(locator)) {
          throw new StageFailedException(ReasonCode.INPUT_DIGEST_MISMATCH, "artifact " + locator.kind() + " at " + locator.uri()
              + " no longer has digest " + locator.sha256() + " recorded by TRAIN attempt " + trained.attempt().orElse(1));
        }
      }
      EvalOutput out = engine.evaluate(call, trainOutput);
      List<Receipt.Draft> done = new ArrayList<>(locators(context, Stage.EVAL, attempt, List.of(out.report())));
      Receipt.Draft completed = StageReceipts.draft(context.trainRunId(), ReceiptKind.STAGE_COMPLETED, Stage.EVAL, attempt,
          StageReceipts.evalBody(out, trained.attempt().orElse(1)));
      done.add(completed);
      // MF-F1/F2: the evidence pack, bound to the run, its inputs and the build.
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("artifact_digests", trainOutput.artifacts().stream().map(ArtifactLocator::sha256).sorted().toList());
      evidence.put("eval_report_digest", out.report().sha256());
      evidence.put("input_fingerprint", inputFingerprint);
      evidence.put("mf_build_id", context.mfBuildId());
      Map<String, Object> body = new LinkedHashMap<>(evidence);
      body.put("evidence_fingerprint", Digests.tagged("mf_evidence_v1", evidence));
      body.put("train_attempt", trained.attempt().orElse(1));
      body.put("eval_attempt", attempt);
      body.put("metric_keys", List.copyOf(out.metrics().keySet()));
      done.add(Receipt.Draft.of(context.trainRunId(), ReceiptKind.EVIDENCE, body));
      journal.append(done);
      signal(context, "mf.stage.completed", Map.of("stage", "EVAL", "attempt", attempt));
      return Optional.empty();
    } catch (StageFailedException e) {
      return failed(journal, context, Stage.EVAL, attempt, e, cancellation);
    }
  }

  /** MF-F3..F5: the verdict under the run's policy, from the evaluation evidence in the ledger; one commit. */
  private Optional<RunOutcome> gate(RunJournal journal, MfContext context, int attempt) {
    RunState evidenceRun = evidenceState(journal, context);
    Receipt evaluated = StageReceipts.completed(evidenceRun, Stage.EVAL).orElseThrow(() -> new IllegalStateException(
        "run " + evidenceRun.trainRunId() + " has no completed EVAL to gate"));
    EvalOutput eval = StageReceipts.evalOutput(evaluated);
    GateVerdict verdict = GateEvaluator.evaluate(context.policy(), context.policyDigest(), eval.metrics());
    List<Receipt.Draft> drafts = new ArrayList<>();
    drafts.add(StageReceipts.draft(context.trainRunId(), ReceiptKind.STAGE_STARTED, Stage.GATE, attempt, Map.of("policy_rev",
        context.policy().policyRev())));
    Map<String, Object> body = new LinkedHashMap<>(verdict.toJson());
    body.put("evidence_run_id", evidenceRun.trainRunId());
    body.put("eval_receipt_id", evaluated.receiptId());
    Receipt.Draft gate = StageReceipts.draft(context.trainRunId(), ReceiptKind.GATE, Stage.GATE, attempt, body);
    drafts.add(gate);
    if (!evidenceRun.trainRunId().equals(context.trainRunId())) {
      evidenceRun.latest(ReceiptKind.GATE).ifPresent(previous -> drafts.add(Receipt.Draft.of(context.trainRunId(), ReceiptKind.SUPERSEDES,
          Map.of("link", "gate", "old_run_id", evidenceRun.trainRunId(), "old_receipt_id", previous.receiptId(), "reason",
              "policy " + previous.string("policy_rev") + " -> " + verdict.policyRev()))));
    }
    drafts.add(StageReceipts.draft(context.trainRunId(), ReceiptKind.STAGE_COMPLETED, Stage.GATE, attempt, Map.of("verdict",
        verdict.verdict())));
    signal(context, "mf.gate." + verdict.verdict().toLowerCase(java.util.Locale.ROOT), Map.of("policy_rev", verdict.policyRev()));
    if (!verdict.pass()) {
      return Optional.of(terminate(journal, context, RunOutcome.FAILED_GATES, verdict.reasons(), drafts));
    }
    if (!context.request().intent().publishes()) {
      return Optional.of(terminate(journal, context, RunOutcome.SUCCESS_EVALUATED, List.of(), drafts));
    }
    journal.append(drafts);
    return Optional.empty();
  }

  /** MF-F6..F9: the immutable candidate, written once under the run and bound by a locator. */
  private Optional<RunOutcome> packageCandidate(RunJournal journal, MfContext context, String inputFingerprint, int attempt) {
    RunState own = journal.state();
    RunState evidenceRun = evidenceState(journal, context);
    Receipt gateReceipt = own.latest(ReceiptKind.GATE).orElseThrow();
    Receipt evidence = evidenceRun.latest(ReceiptKind.EVIDENCE).orElseThrow();
    TrainOutput trained = StageReceipts.trainOutput(StageReceipts.completed(evidenceRun, Stage.TRAIN).orElseThrow());
    EvalOutput evaluated = StageReceipts.evalOutput(StageReceipts.completed(evidenceRun, Stage.EVAL).orElseThrow());
    GateVerdict verdict = GateEvaluator.evaluate(context.policy(), context.policyDigest(), evaluated.metrics());
    journal.append(StageReceipts.draft(context.trainRunId(), ReceiptKind.STAGE_STARTED, Stage.PACKAGE, attempt, Map.of()));
    BundleCandidate candidate;
    try {
      candidate = BundleAssembler.assemble(context, inputFingerprint, trained, evaluated, verdict, gateReceipt.receiptId(),
          evidence.string("evidence_fingerprint"));
    } catch (IllegalArgumentException e) {
      return failed(journal, context, Stage.PACKAGE, attempt, new StageFailedException(ReasonCode.EVIDENCE_INCOMPLETE, e.getMessage(), e),
          new StageCall.Cancellation());
    }
    String uri = mfRoot + "/runs/" + context.trainRunId() + "/bundles/" + Digests.hex(candidate.fingerprint()) + ".json";
    ArtifactLocator locator;
    try {
      locator = artifacts.writeOnce("bundle", uri, candidate.canonicalBytes());
    } catch (IllegalStateException e) { // IP7.b: the same identity with other bytes, found before any registry call
      return Optional.of(terminate(journal, context, RunOutcome.FAILED_CONFLICT, List.of(Reason.of(ReasonCode.IMMUTABILITY_CONFLICT, uri,
          e.getMessage())), List.of()));
    }
    List<Receipt.Draft> done = new ArrayList<>(locators(context, Stage.PACKAGE, attempt, List.of(locator)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("bundle_fingerprint", candidate.fingerprint());
    body.put("model_name", candidate.modelName());
    body.put("bundle", locator.toJson());
    body.put("gate_receipt_id", gateReceipt.receiptId());
    body.put("compatibility", candidate.compatibility());
    done.add(Receipt.Draft.of(context.trainRunId(), ReceiptKind.BUNDLE_CANDIDATE, body).withSubject(candidate.fingerprint()));
    done.add(StageReceipts.draft(context.trainRunId(), ReceiptKind.STAGE_COMPLETED, Stage.PACKAGE, attempt,
        Map.of("bundle_fingerprint", candidate.fingerprint())));
    journal.append(done);
    signal(context, "mf.bundle.assembled", Map.of("bundle_fingerprint", candidate.fingerprint()));
    return Optional.empty();
  }

  private Optional<RunOutcome> publish(RunJournal journal, MfContext context, int attempt) {
    PublishStage.Result result = new PublishStage(registry, artifacts, signals, sleeper::sleep)
        .publish(journal, context, attempt, evidenceState(journal, context));
    return switch (result.kind()) {
      case PUBLISHED -> Optional.of(terminate(journal, context, RunOutcome.SUCCESS_PUBLISHED, List.of(), List.of()));
      case CONFLICT -> Optional.of(terminate(journal, context, RunOutcome.FAILED_CONFLICT, result.reasons(), List.of()));
      case REJECTED -> Optional.of(terminate(journal, context, RunOutcome.FAILED_REJECTED, result.reasons(), List.of()));
      case PENDING -> {
        // Not terminal: the lease is given up so a publish-only retry need not wait for it to expire.
        journal.append(Receipt.Draft.of(context.trainRunId(), ReceiptKind.LEASE_RELEASED, Map.of("reason", "publish pending",
            "reasons", result.reasons().stream().map(Reason::toJson).toList())));
        yield Optional.of(RunOutcome.PUBLISH_PENDING);
      }
    };
  }

  /** IL3: records the failure; retries a transient one within budget, else ends the run. */
  private Optional<RunOutcome> failed(RunJournal journal, MfContext context, Stage stage, int attempt, StageFailedException e,
      StageCall.Cancellation cancellation) {
    if (cancellation.cancelled()) {
      return Optional.of(terminate(journal, context, RunOutcome.CANCELED, List.of(Reason.of(ReasonCode.CANCELED, context.trainRunId(),
          cancellation.reason())), List.of()));
    }
    Reason reason = Reason.of(e.code(), stage.name() + "#" + attempt, e.getMessage());
    long used = StageReceipts.retryableFailures(journal.state(), stage);
    int budget = context.policy().retries(stage.name());
    boolean retry = e.code().retryable() && used < budget;
    Receipt.Draft failure = StageReceipts.draft(context.trainRunId(), ReceiptKind.STAGE_FAILED, stage, attempt,
        StageReceipts.failureBody(reason, retry));
    signal(context, "mf.stage.failed", Map.of("stage", stage.name(), "attempt", attempt, "reason", e.code().name(), "will_retry", retry));
    if (!retry) {
      return Optional.of(terminate(journal, context, e.code().retryable() ? RunOutcome.FAILED_RETRY_EXHAUSTED : RunOutcome.FAILED_STAGE,
          List.of(reason), List.of(failure)));
    }
    journal.append(failure);
    try {
      sleeper.sleep(context.policy().backoff().before((int) used + 1));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  /** D8: the run's one terminal receipt, committed with the receipts that lead to it. */
  private RunOutcome terminate(RunJournal journal, MfContext context, RunOutcome outcome, List<Reason> reasons, List<Receipt.Draft> before) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outcome", outcome.name());
    body.put("reasons", reasons.stream().map(Reason::toJson).toList());
    List<Receipt.Draft> drafts = new ArrayList<>(before);
    drafts.add(Receipt.Draft.of(context.trainRunId(), ReceiptKind.RUN_TERMINAL, body));
    journal.append(drafts);
    signal(context, "mf.train_run.completed", Map.of("outcome", outcome.name()));
    return outcome;
  }

  private static List<Receipt.Draft> locators(MfContext context, Stage stage, int attempt, List<ArtifactLocator> locators) {
    return locators.stream().map(l -> StageReceipts.draft(context.trainRunId(), ReceiptKind.ARTIFACT_LOCATOR, stage, attempt, l.toJson()))
        .toList();
  }

  /** The run whose TRAIN and EVAL evidence this run uses: its own, or a re-gated run's source. */
  private static RunState evidenceState(RunJournal journal, MfContext context) {
    return context.request().sourceRunId().map(journal::other).orElseGet(journal::state);
  }

  private void signal(MfContext context, String event, Map<String, Object> fields) {
    signals.emit(event, context.correlation(Optional.empty()), fields);
  }

  /**
   * The stage's deterministic seed: a function of the run and the stage only, so a retried attempt
   * reproduces its predecessor rather than resampling (the recipe's own seeds are part of its digest).
   */
  static long seed(String trainRunId, Stage stage) {
    return Long.parseUnsignedLong(Digests.hex(Digests.sha256(trainRunId + "/" + stage.name())).substring(0, 15), 16);
  }
}
