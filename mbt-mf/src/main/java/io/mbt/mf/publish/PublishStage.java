package io.mbt.mf.publish;

import io.mbt.mf.admission.MfContext;
import io.mbt.mf.admission.Reason;
import io.mbt.mf.admission.ReasonCode;
import io.mbt.mf.bundle.BundleCandidate;
import io.mbt.mf.engine.ArtifactLocator;
import io.mbt.mf.engine.TrainOutput;
import io.mbt.mf.identity.CanonicalJson;
import io.mbt.mf.identity.Digests;
import io.mbt.mf.ledger.ArtifactFiles;
import io.mbt.mf.ledger.RunJournal;
import io.mbt.mf.ledger.Receipt;
import io.mbt.mf.ledger.ReceiptKind;
import io.mbt.mf.ledger.RunState;
import io.mbt.mf.signal.Signals;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MF-G: publishes a run's PASS candidate idempotently by its fingerprint and records every attempt
 * and result (the publish commit protocol). Success is sticky: once a success is recorded for a
 * fingerprint nothing is sent again. CONFLICT and REJECTED are terminal; an unreachable registry
 * or an unknown outcome (probed first) is retried within the policy's PUBLISH budget, then the
 * run is left PUBLISH_PENDING for a publish-only retry — which never retrains (IL5).
 */
public final class PublishStage {
  /** Waits between tries. */
  public interface Pause {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** How the publish stage ended. */
  public record Result(Kind kind, Optional<PublishResponse> response, List<Reason> reasons) {
    public enum Kind {
      PUBLISHED,
      PENDING,
      CONFLICT,
      REJECTED
    }
  }

  private final CandidateRegistry registry;
  private final ArtifactFiles artifacts;
  private final Signals signals;
  private final Pause pause;

  public PublishStage(CandidateRegistry registry, ArtifactFiles artifacts, Signals signals, Pause pause) {
    this.registry = registry;
    this.artifacts = artifacts;
    this.signals = signals;
    this.pause = pause;
  }

  public Result publish(RunJournal journal, MfContext context, int attempt, RunState evidenceRun) {
    String runId = context.trainRunId();
    RunState own = journal.state();
    // G1: preflight — a PASS gate and a candidate, and a principal allowed to publish.
    Optional<Receipt> gate = own.latest(ReceiptKind.GATE);
    Optional<Receipt> bundleReceipt = own.latest(ReceiptKind.BUNDLE_CANDIDATE);
    if (gate.isEmpty() || !"PASS".equals(gate.get().string("verdict")) || bundleReceipt.isEmpty()) {
      throw new IllegalStateException("run " + runId + " has no PASS gate receipt and bundle candidate: nothing may be published");
    }
    if (!context.policy().mayPublish(context.request().requesterPrincipal())) {
      return new Result(Result.Kind.REJECTED, Optional.empty(), List.of(Reason.of(ReasonCode.PUBLISH_NOT_AUTHORIZED,
          context.request().requesterPrincipal(), "principal " + context.request().requesterPrincipal() + " may not publish under policy "
          + context.policy().policyRev() + " (principals.publish)")));
    }
    String fingerprint = bundleReceipt.get().string("bundle_fingerprint");
    Optional<Receipt> success = own.all(ReceiptKind.PUBLISH_RESULT).stream()
        .filter(r -> fingerprint.equals(r.subject().orElse("")) && Boolean.TRUE.equals(r.body().get("success"))).findFirst();
    if (success.isPresent()) {
      return new Result(Result.Kind.PUBLISHED, Optional.empty(), List.of()); // sticky: never sent again
    }
    // G2: the candidate as stored must still be the candidate the receipt names.
    ArtifactLocator locator = ArtifactLocator.fromJson((Map<?, ?>) bundleReceipt.get().body().get("bundle"));
    BundleCandidate candidate;
    try {
      byte[] bytes = artifacts.read(locator.uri());
      candidate = new BundleCandidate(fingerprint, String.valueOf(bundleReceipt.get().body().get("model_name")),
          CanonicalJson.readMap(new String(bytes, StandardCharsets.UTF_8)));
      if (!Digests.sha256(bytes).equals(locator.sha256()) || !candidate.selfConsistent()) {
        return new Result(Result.Kind.CONFLICT, Optional.empty(), List.of(Reason.mismatch(ReasonCode.IMMUTABILITY_CONFLICT, locator.uri(),
            locator.sha256(), Digests.sha256(bytes), "the stored bundle candidate no longer matches its locator or fingerprint")));
      }
    } catch (RuntimeException e) {
      return new Result(Result.Kind.CONFLICT, Optional.empty(), List.of(Reason.of(ReasonCode.IMMUTABILITY_CONFLICT, locator.uri(),
          "the bundle candidate cannot be read back: " + e.getMessage())));
    }
    TrainOutput trained = trainOutput(evidenceRun);
    // G3: stage_started under the lease is the publish lock.
    int tries = context.policy().retries("PUBLISH") + 1;
    Reason last = null;
    for (int n = 1; n <= tries; n++) {
      // The attempt is committed before the call: a run killed during it resumes by publishing again, idempotently.
      Receipt.Draft intent = Receipt.Draft.stage(runId, ReceiptKind.PUBLISH_ATTEMPT, "PUBLISH", attempt, Map.of("try", n,
          "bundle_fingerprint", fingerprint)).withSubject(fingerprint);
      journal.append(n == 1 ? List.of(Receipt.Draft.stage(runId, ReceiptKind.STAGE_STARTED, "PUBLISH", attempt, Map.of("bundle_fingerprint",
          fingerprint)), intent) : List.of(intent));
      try {
        PublishResponse response = registry.publish(candidate, trained, context);
        if (response.outcome().success()) {
          return completed(journal, context, attempt, n, fingerprint, response);
        }
        record(journal, context, attempt, n, fingerprint, response.outcome().name(), false, response.toJson());
        ReasonCode code = response.outcome() == PublishResponse.Outcome.CONFLICT ? ReasonCode.PUBLISH_CONFLICT : ReasonCode.PUBLISH_REJECTED;
        return new Result(response.outcome() == PublishResponse.Outcome.CONFLICT ? Result.Kind.CONFLICT : Result.Kind.REJECTED,
            Optional.of(response), List.of(Reason.of(code, fingerprint, response.detail() + (response.reasonCodes().isEmpty() ? ""
                : " " + response.reasonCodes()))));
      } catch (CandidateRegistry.Unavailable e) {
        last = Reason.of(ReasonCode.REGISTRY_UNAVAILABLE, fingerprint, e.getMessage());
        record(journal, context, attempt, n, fingerprint, "TRANSIENT_FAIL", false, last.toJson());
      } catch (CandidateRegistry.OutcomeUnknown e) {
        last = Reason.of(ReasonCode.PUBLISH_OUTCOME_UNKNOWN, fingerprint, e.getMessage());
        record(journal, context, attempt, n, fingerprint, "UNKNOWN_OUTCOME", false, last.toJson());
        try { // G9: ask before sending again
          Optional<PublishResponse> status = registry.status(candidate.modelName(), fingerprint);
          if (status.isPresent()) {
            return completed(journal, context, attempt, n, fingerprint, status.get());
          }
        } catch (CandidateRegistry.Unavailable probeFailed) {
          last = Reason.of(ReasonCode.PUBLISH_OUTCOME_UNKNOWN, fingerprint, e.getMessage() + "; the status probe failed too: "
              + probeFailed.getMessage());
        }
      }
      signals.emit("mf.publish.retry", context.correlation(Optional.of(fingerprint)), Map.of("try", n, "reason", last.code().name()));
      if (n < tries) {
        try {
          pause.sleep(context.policy().backoff().before(n));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    Map<String, Object> body = new LinkedHashMap<>(last.toJson());
    body.put("pending", true);
    body.put("will_retry", false);
    journal.append(Receipt.Draft.stage(runId, ReceiptKind.STAGE_FAILED, "PUBLISH", attempt, body));
    return new Result(Result.Kind.PENDING, Optional.empty(), List.of(last));
  }

  /** The success and the stage's completion, in one commit. */
  private Result completed(RunJournal journal, MfContext context, int attempt, int n, String fingerprint, PublishResponse response) {
    journal.append(List.of(result(context, attempt, n, fingerprint, response.outcome().name(), true, response.toJson()),
        Receipt.Draft.stage(context.trainRunId(), ReceiptKind.STAGE_COMPLETED, "PUBLISH", attempt, response.toJson())));
    signals.emit("mf.bundle.published", context.correlation(Optional.empty()), response.toJson());
    return new Result(Result.Kind.PUBLISHED, Optional.of(response), List.of());
  }

  private void record(RunJournal journal, MfContext context, int attempt, int n, String fingerprint, String outcome, boolean success,
      Map<String, Object> detail) {
    journal.append(result(context, attempt, n, fingerprint, outcome, success, detail));
  }

  private static Receipt.Draft result(MfContext context, int attempt, int n, String fingerprint, String outcome, boolean success,
      Map<String, Object> detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("try", n);
    body.put("outcome", outcome);
    body.put("success", success);
    body.put("detail", detail);
    return Receipt.Draft.stage(context.trainRunId(), ReceiptKind.PUBLISH_RESULT, "PUBLISH", attempt, body).withSubject(fingerprint);
  }

  @SuppressWarnings("unchecked")
  private static TrainOutput trainOutput(RunState evidenceRun) {
    Receipt completed = evidenceRun.stage("TRAIN").flatMap(RunState.StageView::completed).orElseThrow(() -> new IllegalStateException(
        "run " + evidenceRun.trainRunId() + " has no completed TRAIN"));
    List<ArtifactLocator> locators = ((List<Map<String, Object>>) completed.body().get("artifacts")).stream().map(ArtifactLocator::fromJson)
        .toList();
    return new TrainOutput(String.valueOf(completed.body().get("engine_run_id")), locators,
        (Map<String, Object>) completed.body().getOrDefault("metadata", Map.of()));
  }

}
