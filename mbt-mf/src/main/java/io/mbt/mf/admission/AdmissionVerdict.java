package io.mbt.mf.admission;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MF-C's answer (IJ3): ADMISSIBLE with the input fingerprint and the verified materializations, or
 * REJECTED with every reason found. A rejection whose reasons are all TRANSIENT is not an answer
 * about the inputs: the run is left unfinished and a retry admits it again.
 */
public record AdmissionVerdict(Optional<String> inputFingerprint, List<Reason> reasons, List<TableInspector.TableAtVersion> materializations) {
  public AdmissionVerdict {
    requireNonNull(inputFingerprint, "inputFingerprint is null");
    reasons = List.copyOf(reasons);
    materializations = List.copyOf(materializations);
  }

  public boolean admissible() {
    return reasons.isEmpty();
  }

  /** Rejected only for reasons a retry may clear. */
  public boolean transientOnly() {
    return !reasons.isEmpty() && reasons.stream().allMatch(r -> r.code().retryable());
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("verdict", admissible() ? "ADMISSIBLE" : "REJECTED");
    json.put("class", admissible() ? null : transientOnly() ? "TRANSIENT" : "HARD");
    json.put("retryable", !admissible() && transientOnly());
    inputFingerprint.ifPresent(f -> json.put("input_fingerprint", f));
    json.put("reasons", reasons.stream().map(Reason::toJson).toList());
    json.put("materializations", materializations.stream().map(m -> {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("uri", m.uri());
      t.put("delta_table_id", m.tableId());
      t.put("version", m.version());
      t.put("files_digest", m.filesDigest());
      return t;
    }).toList());
    return json;
  }
}
