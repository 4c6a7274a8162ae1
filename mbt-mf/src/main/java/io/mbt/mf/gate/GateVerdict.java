package io.mbt.mf.gate;

import static java.util.Objects.requireNonNull;

import io.mbt.mf.admission.Reason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PASS or FAIL under one policy revision, with every criterion's observed value against its
 * threshold (MF-F5). FAIL is a normal outcome, not an error.
 */
public record GateVerdict(boolean pass, String policyRev, String policyDigest, List<Criterion> criteria, List<Reason> reasons) {
  public GateVerdict {
    requireNonNull(policyRev, "policyRev is null");
    requireNonNull(policyDigest, "policyDigest is null");
    criteria = List.copyOf(criteria);
    reasons = List.copyOf(reasons);
  }

  /** One gate: the metric, its threshold(s), what was observed (absent if the metric is missing) and whether it held. */
  public record Criterion(String metric, Optional<Double> min, Optional<Double> max, Optional<Double> observed, boolean passed) {
    public Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("metric", metric);
      min.ifPresent(v -> json.put("min", v));
      max.ifPresent(v -> json.put("max", v));
      json.put("observed", observed.orElse(null));
      json.put("passed", passed);
      return json;
    }
  }

  public String verdict() {
    return pass ? "PASS" : "FAIL";
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("verdict", verdict());
    json.put("policy_rev", policyRev);
    json.put("policy_digest", policyDigest);
    json.put("criteria", criteria.stream().map(Criterion::toJson).toList());
    json.put("reasons", reasons.stream().map(Reason::toJson).toList());
    return json;
  }
}
