package io.mbt.mf.gate;

import io.mbt.mf.admission.Reason;
import io.mbt.mf.admission.ReasonCode;
import io.mbt.mf.request.PolicyProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a policy's gates to a run's metrics (MF-F3..F5). Criteria come only from the policy
 * profile, cited by revision and digest; a required metric that is missing (or not a finite
 * number) fails the gate HARD, because no threshold can be applied to it.
 */
public final class GateEvaluator {
  private GateEvaluator() {}

  public static GateVerdict evaluate(PolicyProfile policy, String policyDigest, Map<String, Double> metrics) {
    List<Reason> reasons = new ArrayList<>();
    for (String required : policy.requiredMetrics()) {
      if (finite(metrics.get(required)).isEmpty()) {
        reasons.add(Reason.of(ReasonCode.REQUIRED_METRIC_MISSING, "metric:" + required, "required metric '" + required
            + "' is missing from the evaluation (metrics present: " + String.join(", ", metrics.keySet()) + "); add it to the pipeline's "
            + "evaluation.additional_metrics, or drop it from the policy's required_metrics"));
      }
    }
    List<GateVerdict.Criterion> criteria = new ArrayList<>();
    for (PolicyProfile.GateRule rule : policy.gates()) {
      Optional<Double> observed = finite(metrics.get(rule.metric()));
      boolean passed = observed.isPresent()
          && rule.min().map(min -> observed.get() >= min).orElse(true)
          && rule.max().map(max -> observed.get() <= max).orElse(true);
      criteria.add(new GateVerdict.Criterion(rule.metric(), rule.min(), rule.max(), observed, passed));
      if (observed.isEmpty() && !policy.requiredMetrics().contains(rule.metric())) {
        reasons.add(Reason.of(ReasonCode.REQUIRED_METRIC_MISSING, "metric:" + rule.metric(), "gate metric '" + rule.metric()
            + "' is missing from the evaluation"));
      } else if (!passed && observed.isPresent()) {
        String threshold = rule.min().map(m -> ">= " + m).orElse("") + (rule.min().isPresent() && rule.max().isPresent() ? " and " : "")
            + rule.max().map(m -> "<= " + m).orElse("");
        reasons.add(Reason.mismatch(ReasonCode.GATE_THRESHOLD_NOT_MET, "metric:" + rule.metric(), threshold,
            String.valueOf(observed.get()), rule.metric() + " = " + observed.get() + " is not " + threshold));
      }
    }
    return new GateVerdict(reasons.isEmpty(), policy.policyRev(), policyDigest, criteria, reasons);
  }

  private static Optional<Double> finite(Double value) {
    return value == null || value.isNaN() || value.isInfinite() ? Optional.empty() : Optional.of(value);
  }
}
