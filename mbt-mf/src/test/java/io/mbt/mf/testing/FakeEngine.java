package io.mbt.mf.testing;

import io.mbt.mf.admission.ReasonCode;
import io.mbt.mf.engine.ArtifactLocator;
import io.mbt.mf.engine.EvalOutput;
import io.mbt.mf.engine.StageCall;
import io.mbt.mf.engine.StageFailedException;
import io.mbt.mf.engine.TrainEvalEngine;
import io.mbt.mf.engine.TrainOutput;
import io.mbt.mf.ledger.ArtifactFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;

/**
 * An engine that writes small real files under the attempt root and reports fixed metrics, with
 * failures injected per call ({@link #failTrainWith}).
 */
public final class FakeEngine implements TrainEvalEngine {
  private final ArtifactFiles files = new ArtifactFiles(new Configuration());
  private final Deque<ReasonCode> trainFailures = new ArrayDeque<>();
  public final AtomicInteger trains = new AtomicInteger();
  public final AtomicInteger evaluations = new AtomicInteger();
  private volatile Map<String, Double> metrics = Map.of("roc_auc", 0.85, "log_loss", 0.40);

  public FakeEngine withMetrics(Map<String, Double> metrics) {
    this.metrics = metrics;
    return this;
  }

  /** The next TRAIN calls fail with these codes, in order. */
  public FakeEngine failTrainWith(ReasonCode... codes) {
    trainFailures.addAll(List.of(codes));
    return this;
  }

  @Override
  public TrainOutput train(StageCall call) {
    trains.incrementAndGet();
    ReasonCode failure = trainFailures.poll();
    if (failure != null) {
      throw new StageFailedException(failure, "injected " + failure + " in TRAIN attempt " + call.attempt());
    }
    // Deterministic content: a retried attempt reproduces the same model bytes.
    ArtifactLocator model = files.writeOnce("model", call.attemptRoot() + "/model/model.json",
        ("{\"seed\":" + call.seed() + ",\"inputs\":\"" + call.inputFingerprint() + "\"}").getBytes(StandardCharsets.UTF_8));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("feature_columns", List.of("tenure", "MonthlyCharges"));
    metadata.put("training_schema", List.of(Map.of("name", "tenure", "type", "int"), Map.of("name", "MonthlyCharges", "type", "double")));
    metadata.put("label", Map.of("column", "Churn", "positive", "Yes"));
    return new TrainOutput("engine-" + call.context().trainRunId() + "-a" + call.attempt(), List.of(model), metadata);
  }

  @Override
  public EvalOutput evaluate(StageCall call, TrainOutput trained) {
    evaluations.incrementAndGet();
    StringBuilder json = new StringBuilder("{");
    new java.util.TreeMap<>(metrics).forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
    ArtifactLocator report = files.writeOnce("eval_report", call.attemptRoot() + "/eval/eval_metrics.json",
        json.append('}').toString().getBytes(StandardCharsets.UTF_8));
    return new EvalOutput(report, metrics);
  }
}
