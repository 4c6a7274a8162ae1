package io.mbt.mf;

import static java.util.Objects.requireNonNull;

import io.mbt.mf.admission.Admissibility;
import io.mbt.mf.admission.AdmissionVerdict;
import io.mbt.mf.admission.ContextResolver;
import io.mbt.mf.admission.MfContext;
import io.mbt.mf.admission.Reason;
import io.mbt.mf.admission.ReasonCode;
import io.mbt.mf.admission.RecipeSource;
import io.mbt.mf.admission.RefReader;
import io.mbt.mf.admission.TableInspector;
import io.mbt.mf.engine.StageCall;
import io.mbt.mf.engine.TrainEvalEngine;
import io.mbt.mf.ledger.ArtifactFiles;
import io.mbt.mf.ledger.Claim;
import io.mbt.mf.ledger.DeltaLedger;
import io.mbt.mf.ledger.Lease;
import io.mbt.mf.ledger.LeaseKeeper;
import io.mbt.mf.ledger.LeaseLostException;
import io.mbt.mf.ledger.Receipt;
import io.mbt.mf.ledger.ReceiptKind;
import io.mbt.mf.ledger.RequestBinding;
import io.mbt.mf.ledger.RunState;
import io.mbt.mf.publish.CandidateRegistry;
import io.mbt.mf.request.TrainRequest;
import io.mbt.mf.request.TrainRequestFiles;
import io.mbt.mf.signal.Signals;
import io.mbt.mf.stage.RunDriver;
import io.mbt.mf.stage.RunOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Model Factory: turns a training request over pinned data into exactly one governed run
 * whose every decision is a receipt in the ledger, and publishes PASS candidates (never
 * activates them). The CLI's {@code mbt mf} commands and the driver API call this facade.
 *
 * <p>Submitting the same request again (an orchestrator's retry, a double click) gets the same
 * run: its outcome if it ended, RUNNING if another worker holds it, or — when its holder died or
 * gave up — this caller takes it over and resumes it from the ledger (IL1, IL2, IP5).
 */
public final class ModelFactory {
  /** What a model factory is wired to. */
  public record Wiring(DeltaLedger ledger, TrainEvalEngine engine, CandidateRegistry registry, RecipeSource recipes, TableInspector tables,
      RefReader refs, ArtifactFiles artifacts, Signals signals, Clock clock, String mfRoot, String mfBuildId, String holder,
      Duration leaseTtl, Duration heartbeat, RunDriver.Sleeper sleeper) {
    public Wiring {
      requireNonNull(ledger, "ledger is null");
      requireNonNull(engine, "engine is null");
      requireNonNull(registry, "registry is null");
      requireNonNull(recipes, "recipes is null");
      requireNonNull(tables, "tables is null");
      requireNonNull(refs, "refs is null");
      requireNonNull(artifacts, "artifacts is null");
      requireNonNull(signals, "signals is null");
      requireNonNull(clock, "clock is null");
      requireNonNull(mfRoot, "mfRoot is null");
      requireNonNull(mfBuildId, "mfBuildId is null");
      requireNonNull(holder, "holder is null");
      requireNonNull(leaseTtl, "leaseTtl is null");
      requireNonNull(heartbeat, "heartbeat is null");
      requireNonNull(sleeper, "sleeper is null");
    }
  }

  private final Wiring wiring;
  private final DeltaLedger ledger;

  public ModelFactory(Wiring wiring) {
    this.wiring = wiring;
    this.ledger = wiring.ledger();
  }

  public DeltaLedger ledger() {
    return ledger;
  }

  /**
   * Submits {@code request}: claims its run and drives it here, or answers for the existing run.
   *
   * @param wait when the run is held by a live worker elsewhere, wait for it to end (or to become
   *     resumable) instead of answering RUNNING
   */
  public SubmitResult submit(TrainRequest request, boolean wait) {
    ContextResolver.Resolution resolution = new ContextResolver(wiring.refs(), wiring.recipes(), wiring.mfBuildId()).resolve(request);
    if (resolution.key().isEmpty()) {
      return refusedUnkeyed(request, resolution.reasons()); // nothing pins an identity
    }
    Optional<Reason> notRegateable = regateSourceProblem(request);
    if (notRegateable.isPresent()) {
      // Refused before a run exists: the source may become regateable (resumed), and the same request must then run.
      return refusedUnkeyed(request, List.of(notRegateable.get()));
    }
    String runId = resolution.key().get().trainRunId();
    RequestBinding binding = ledger.bindRequest(request.requestId(), runId, wiring.holder(), Map.of("request_id", request.requestId(),
        "train_run_key_digest", resolution.key().get().digest()));
    if (binding.conflicts(runId)) {
      Reason reason = Reason.mismatch(ReasonCode.REQUEST_ID_CONFLICT, request.requestId(), binding.trainRunId(), runId, "request id "
          + request.requestId() + " already names run " + binding.trainRunId() + " (other pinned inputs); use a new request_id for new inputs");
      ledger.note(Receipt.Draft.of(runId, ReceiptKind.REQUEST_ID_CONFLICT, Map.of("request_id", request.requestId(), "old_train_run_id",
          binding.trainRunId(), "new_train_run_id", runId)).withSubject(request.requestId()), wiring.holder());
      return new SubmitResult(Optional.of(binding.trainRunId()), RunOutcome.REJECTED_INPUTS, true, Optional.empty(), List.of(reason));
    }
    Map<String, Object> claimBody = new LinkedHashMap<>();
    claimBody.put("ttl_ms", wiring.leaseTtl().toMillis());
    claimBody.put("request_id", request.requestId());
    claimBody.put("request", request.toJson());
    claimBody.put("train_run_key", resolution.key().get().toJson());
    Claim claim = ledger.claim(Receipt.Draft.of(runId, ReceiptKind.RUN_CLAIMED, claimBody), wiring.holder(), wiring.leaseTtl());
    if (claim.won()) {
      wiring.signals().emit("mf.train_run.started", Map.of("train_run_id", runId, "request_id", request.requestId(), "mf_build_id",
          wiring.mfBuildId()), Map.of("intent", request.intent().yamlName()));
      return run(claim.lease().orElseThrow(), request, resolution);
    }
    return existing(runId, request, wait);
  }

  /** Answers a request that names no run, leaving a note for the audit trail. */
  private SubmitResult refusedUnkeyed(TrainRequest request, List<Reason> reasons) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("request", request.toJson());
    body.put("reasons", reasons.stream().map(Reason::toJson).toList());
    ledger.note(Receipt.Draft.of("unkeyed:" + request.requestId(), ReceiptKind.ADMISSIBILITY, body).withSubject(request.requestId()),
        wiring.holder());
    boolean transientOnly = reasons.stream().allMatch(r -> r.code().retryable());
    return new SubmitResult(Optional.empty(), transientOnly ? RunOutcome.UNAVAILABLE : RunOutcome.REJECTED_INPUTS, false, Optional.empty(),
        reasons);
  }

  /** A re_gate request needs a source run with a completed evaluation (IL4 gates evidence, it never makes any). */
  private Optional<Reason> regateSourceProblem(TrainRequest request) {
    if (request.intent() != io.mbt.mf.request.Intent.RE_GATE || request.sourceRunId().isEmpty()) {
      return Optional.empty();
    }
    String source = request.sourceRunId().get();
    RunState state = state(source);
    if (state.latest(ReceiptKind.RUN_CLAIMED).isEmpty()) {
      return Optional.of(Reason.mismatch(ReasonCode.SOURCE_RUN_NOT_REGATEABLE, source, "a run of this ledger with a completed EVAL",
          "no such run", "run " + source + " is not in the ledger at " + ledger.tablePath() + "; check the id with 'mbt mf history --run "
              + source + "'"));
    }
    if (state.stage("EVAL").flatMap(RunState.StageView::completed).isEmpty()) {
      return Optional.of(Reason.mismatch(ReasonCode.SOURCE_RUN_NOT_REGATEABLE, source, "a completed EVAL", state.terminal()
          .map(t -> "run ended " + t.string("outcome") + " before EVAL completed").orElse("EVAL not completed yet"), "run " + source
          + " has no completed evaluation to gate again" + (state.terminal().isPresent() ? "" : "; resume it first ('mbt mf resume "
              + source + "')")));
    }
    return Optional.empty();
  }

  /**
   * The run a request names, without claiming or running anything (its digests are read to key
   * it); empty if the request cannot be keyed.
   */
  public Optional<String> trainRunIdOf(TrainRequest request) {
    return new ContextResolver(wiring.refs(), wiring.recipes(), wiring.mfBuildId()).resolve(request).key()
        .map(io.mbt.mf.identity.TrainRunKey::trainRunId);
  }

  /** Resumes an unfinished run whose holder is gone (or publish is pending); the request comes from its claim receipt. */
  public SubmitResult resume(String runId) {
    RunState state = state(runId);
    TrainRequest request = storedRequest(state);
    return existing(runId, request, false);
  }

  /**
   * Publish-only retry (IP4, IL5) of a run whose PASS candidate is not published yet: never
   * trains, evaluates or gates again.
   *
   * @throws IllegalArgumentException if the run has no bundle candidate to publish
   */
  public SubmitResult publish(String runId) {
    RunState state = state(runId);
    if (state.latest(ReceiptKind.BUNDLE_CANDIDATE).isEmpty()) {
      throw new IllegalArgumentException("run " + runId + " has no bundle candidate to publish (it has not passed its gate and been "
          + "packaged); 'mbt mf status " + runId + "' shows where it stands, 'mbt mf resume' continues it");
    }
    return existing(runId, storedRequest(state), false);
  }

  /**
   * Gates {@code runId}'s evidence again under another policy (IL4) without training: a new run of
   * intent re_gate over the same pinned inputs, its gate receipt linked to the old one by
   * {@code supersedes}; it packages and publishes on PASS.
   */
  public SubmitResult regate(String runId, io.mbt.mf.request.DigestRef policy, String principal, String requestId) {
    RunState source = state(runId);
    if (source.latest(ReceiptKind.RUN_CLAIMED).isEmpty()) {
      TrainRequest unknown = new TrainRequest(requestId, io.mbt.mf.request.Intent.RE_GATE, principal, List.of(), new TrainRequest
          .TrainingConfigRef("unknown", Optional.empty()), policy, Map.of(), Optional.of(runId), Optional.of(runId));
      return refusedUnkeyed(unknown, List.of(regateSourceProblem(unknown).orElseThrow()));
    }
    TrainRequest original = storedRequest(source);
    TrainRequest regate = new TrainRequest(requestId, io.mbt.mf.request.Intent.RE_GATE, principal, original.datasetManifests(),
        original.trainingConfig(), policy, original.wiring(), Optional.of(runId), Optional.of(runId));
    return submit(regate, false);
  }

  /** The run's state from its receipts. */
  public RunState state(String runId) {
    return RunState.of(runId, ledger.receipts(runId), ledger.recordedVersion(runId));
  }

  /**
   * Requests the run be cancelled (IP8): recorded, then honoured by its holder at its next beat or
   * stage boundary; a run nobody holds is ended here. A terminal run is left as it is.
   */
  public SubmitResult cancel(String runId, String principal, String reason) {
    RunState state = state(runId);
    requireClaimed(state);
    if (state.terminal().isPresent()) {
      ledger.note(Receipt.Draft.of(runId, ReceiptKind.CANCEL_REQUESTED, Map.of("principal", principal, "reason", reason, "ignored",
          "terminal")), wiring.holder());
      return answer(state, true);
    }
    ledger.note(Receipt.Draft.of(runId, ReceiptKind.CANCEL_REQUESTED, Map.of("principal", principal, "reason", reason)), wiring.holder());
    if (state.lease().map(l -> l.expired(wiring.clock().instant())).orElse(true)) {
      Optional<Lease> lease = takeover(state, "cancel");
      if (lease.isPresent()) {
        ledger.append(lease.get(), Receipt.Draft.of(runId, ReceiptKind.RUN_TERMINAL, Map.of("outcome", RunOutcome.CANCELED.name(), "reasons",
            List.of(Reason.of(ReasonCode.CANCELED, runId, "cancelled by " + principal + ": " + reason).toJson()))));
      }
    }
    return answer(state(runId), false);
  }

  private SubmitResult existing(String runId, TrainRequest request, boolean wait) {
    while (true) {
      RunState state = state(runId);
      requireClaimed(state);
      if (state.terminal().isPresent() || state.lease().isPresent() && !state.lease().get().expired(wiring.clock().instant())) {
        if (state.terminal().isEmpty() && wait) {
          sleep(wiring.heartbeat());
          continue;
        }
        ledger.note(Receipt.Draft.of(runId, ReceiptKind.DUPLICATE_REQUEST_OBSERVED, Map.of("request_id", request.requestId(),
            "status", state.terminal().map(t -> t.string("outcome")).orElse("RUNNING"), "observed_by", wiring.holder(),
            "observed_at", wiring.clock().instant().toString())), wiring.holder());
        return answer(state, true);
      }
      Optional<Lease> lease = takeover(state, state.lease().map(l -> l.released() ? "released" : "expired").orElse("unclaimed"));
      if (lease.isEmpty()) {
        continue; // someone else took it over, or its holder woke up: look again
      }
      ContextResolver.Resolution resolution = new ContextResolver(wiring.refs(), wiring.recipes(), wiring.mfBuildId()).resolve(request);
      ledger.append(lease.get(), Receipt.Draft.of(runId, ReceiptKind.RESUME_REQUESTED, Map.of("request_id", request.requestId(),
          "resume_type", state.latest(ReceiptKind.BUNDLE_CANDIDATE).isPresent() ? "publish_only" : "full")));
      return run(lease.get(), request, resolution);
    }
  }

  /** Holds {@code lease}: records context and admissibility once, then drives the stages. */
  private SubmitResult run(Lease lease, TrainRequest request, ContextResolver.Resolution resolution) {
    String runId = lease.trainRunId();
    StageCall.Cancellation cancellation = new StageCall.Cancellation();
    try (LeaseKeeper keeper = new LeaseKeeper(ledger, lease, wiring.heartbeat(), cancellation::cancel)) {
      RunState state = state(runId);
      if (!resolution.resolved()) {
        return rejectOrHold(lease, state, resolution.reasons());
      }
      MfContext context = resolution.context().orElseThrow();
      if (state.latest(ReceiptKind.CONTEXT_RESOLVED).isEmpty()) {
        List<Receipt.Draft> drafts = new java.util.ArrayList<>();
        drafts.add(Receipt.Draft.of(runId, ReceiptKind.CONTEXT_RESOLVED, context.toReceiptBody()));
        request.supersedes().ifPresent(old -> drafts.add(Receipt.Draft.of(runId, ReceiptKind.SUPERSEDES, Map.of("link", "run",
            "old_run_id", old, "new_run_id", runId, "reason", request.intent().yamlName()))));
        ledger.append(lease, drafts);
      }
      Optional<Receipt> admitted = state.all(ReceiptKind.ADMISSIBILITY).stream().filter(r -> "ADMISSIBLE".equals(r.string("verdict")))
          .reduce((a, b) -> b);
      String inputFingerprint;
      if (admitted.isPresent()) {
        inputFingerprint = admitted.get().string("input_fingerprint");
      } else {
        AdmissionVerdict verdict = new Admissibility(wiring.tables(), wiring.refs()).check(context, resolution.recipe().orElseThrow());
        ledger.append(lease, Receipt.Draft.of(runId, ReceiptKind.ADMISSIBILITY, verdict.toJson()));
        if (!verdict.admissible()) {
          return rejectOrHold(lease, state(runId), verdict.reasons());
        }
        inputFingerprint = verdict.inputFingerprint().orElseThrow();
      }
      RunDriver driver = new RunDriver(ledger, wiring.engine(), wiring.registry(), wiring.artifacts(), wiring.signals(), wiring.mfRoot(),
          wiring.sleeper());
      driver.drive(lease, context, inputFingerprint, cancellation, keeper::lost);
      return answer(state(runId), false);
    } catch (LeaseLostException e) {
      return answer(state(runId), true);
    }
  }

  /** HARD reasons end the run REJECTED_INPUTS; only-TRANSIENT ones leave it resumable (never a cached answer). */
  private SubmitResult rejectOrHold(Lease lease, RunState state, List<Reason> reasons) {
    String runId = lease.trainRunId();
    boolean transientOnly = !reasons.isEmpty() && reasons.stream().allMatch(r -> r.code().retryable());
    if (transientOnly) {
      ledger.append(lease, Receipt.Draft.of(runId, ReceiptKind.LEASE_RELEASED, Map.of("reason", "inputs unavailable",
          "reasons", reasons.stream().map(Reason::toJson).toList())));
      return new SubmitResult(Optional.of(runId), RunOutcome.UNAVAILABLE, false, Optional.empty(), reasons);
    }
    if (state.latest(ReceiptKind.ADMISSIBILITY).isEmpty()) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("verdict", "REJECTED");
      body.put("class", "HARD");
      body.put("retryable", false);
      body.put("reasons", reasons.stream().map(Reason::toJson).toList());
      ledger.append(lease, Receipt.Draft.of(runId, ReceiptKind.ADMISSIBILITY, body));
    }
    ledger.append(lease, Receipt.Draft.of(runId, ReceiptKind.RUN_TERMINAL, Map.of("outcome", RunOutcome.REJECTED_INPUTS.name(),
        "reasons", reasons.stream().map(Reason::toJson).toList())));
    wiring.signals().emit("mf.train_run.completed", Map.of("train_run_id", runId, "mf_build_id", wiring.mfBuildId()), Map.of("outcome",
        RunOutcome.REJECTED_INPUTS.name()));
    return new SubmitResult(Optional.of(runId), RunOutcome.REJECTED_INPUTS, false, Optional.empty(), reasons);
  }

  private Optional<Lease> takeover(RunState state, String why) {
    RunState.LeaseView previous = state.lease().orElseThrow();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ttl_ms", wiring.leaseTtl().toMillis());
    body.put("previous_holder", previous.holder());
    body.put("previous_epoch", previous.epoch());
    body.put("reason", why);
    return ledger.takeover(Receipt.Draft.of(state.trainRunId(), ReceiptKind.LEASE_TAKEOVER, body), state.recordedVersion(), wiring.holder(),
        wiring.leaseTtl());
  }

  /** The answer for a run as its receipts stand. */
  private SubmitResult answer(RunState state, boolean duplicate) {
    Optional<String> fingerprint = state.latest(ReceiptKind.BUNDLE_CANDIDATE).map(r -> r.string("bundle_fingerprint"));
    if (state.terminal().isPresent()) {
      List<Reason> reasons = reasonsOf(state.terminal().get());
      return new SubmitResult(Optional.of(state.trainRunId()), RunOutcome.valueOf(state.terminal().get().string("outcome")), duplicate,
          fingerprint, reasons);
    }
    boolean pending = state.stage("PUBLISH").map(s -> s.status() == RunState.StageView.Status.FAILED).orElse(false)
        && state.lease().map(RunState.LeaseView::released).orElse(false);
    List<Reason> reasons = state.latest(ReceiptKind.LEASE_RELEASED).map(ModelFactory::reasonsOf).orElse(List.of());
    return new SubmitResult(Optional.of(state.trainRunId()), pending ? RunOutcome.PUBLISH_PENDING : RunOutcome.RUNNING, duplicate, fingerprint,
        reasons);
  }

  @SuppressWarnings("unchecked")
  private static List<Reason> reasonsOf(Receipt receipt) {
    Object reasons = receipt.body().get("reasons");
    return reasons instanceof List<?> list ? list.stream().map(r -> Reason.fromJson((Map<?, ?>) r)).toList() : List.of();
  }

  @SuppressWarnings("unchecked")
  private static TrainRequest storedRequest(RunState state) {
    requireClaimed(state);
    return TrainRequestFiles.fromJson((Map<String, Object>) state.claim().get().body().get("request"));
  }

  private static void requireClaimed(RunState state) {
    if (!state.claimed()) {
      throw new IllegalArgumentException("run " + state.trainRunId() + " is not in the ledger; 'mbt mf history' lists runs");
    }
  }

  private void sleep(Duration duration) {
    try {
      wiring.sleeper().sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a run", e);
    }
  }
}
