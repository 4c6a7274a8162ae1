package io.mbt.mf.stage;

import io.mbt.mf.admission.Reason;
import io.mbt.mf.engine.ArtifactLocator;
import io.mbt.mf.engine.EvalOutput;
import io.mbt.mf.engine.TrainOutput;
import io.mbt.mf.ledger.Receipt;
import io.mbt.mf.ledger.ReceiptKind;
import io.mbt.mf.ledger.RunState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads stage outputs back from completion receipts: a later stage takes its inputs only from the ledger. */
final class StageReceipts {
  private StageReceipts() {}

  static Optional<Receipt> completed(RunState state, Stage stage) {
    return state.stage(stage.name()).flatMap(RunState.StageView::completed);
  }

  @SuppressWarnings("unchecked")
  static TrainOutput trainOutput(Receipt completed) {
    List<ArtifactLocator> artifacts = ((List<Map<String, Object>>) completed.body().get("artifacts")).stream()
        .map(ArtifactLocator::fromJson).toList();
    Map<String, Object> metadata = (Map<String, Object>) completed.body().getOrDefault("metadata", Map.of());
    return new TrainOutput(String.valueOf(completed.body().get("engine_run_id")), artifacts, metadata);
  }

  static Map<String, Object> trainBody(TrainOutput out, String attemptRoot) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("engine_run_id", out.engineRunId());
    body.put("attempt_root", attemptRoot);
    body.put("artifacts", out.artifacts().stream().map(ArtifactLocator::toJson).toList());
    body.put("metadata", out.metadata());
    return body;
  }

  @SuppressWarnings("unchecked")
  static EvalOutput evalOutput(Receipt completed) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    ((Map<String, Object>) completed.body().get("metrics")).forEach((k, v) -> {
      if (v instanceof Number n) {
        metrics.put(k, n.doubleValue());
      }
    });
    return new EvalOutput(ArtifactLocator.fromJson((Map<String, Object>) completed.body().get("report")), metrics);
  }

  static Map<String, Object> evalBody(EvalOutput out, int trainAttempt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("train_attempt", trainAttempt);
    body.put("report", out.report().toJson());
    body.put("metrics", out.metrics());
    return body;
  }

  static Map<String, Object> failureBody(Reason reason, boolean willRetry) {
    Map<String, Object> body = new LinkedHashMap<>(reason.toJson());
    body.put("will_retry", willRetry);
    return body;
  }

  static long retryableFailures(RunState state, Stage stage) {
    return state.stage(stage.name()).map(v -> v.failures().stream()
        .filter(f -> Boolean.TRUE.equals(f.body().get("retryable"))).count()).orElse(0L);
  }

  static Receipt.Draft draft(String runId, ReceiptKind kind, Stage stage, int attempt, Map<String, Object> body) {
    return Receipt.Draft.stage(runId, kind, stage.name(), attempt, body);
  }
}
