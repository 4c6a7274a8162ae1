package io.mbt.mf.publish;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registry's answer to a publish, normalised (MF-G5). PUBLISHED and ALREADY_PUBLISHED are
 * success; CONFLICT (same fingerprint, other bytes) and REJECTED (registry-side validation) are
 * terminal.
 */
public record PublishResponse(Outcome outcome, String modelName, Optional<String> version, Optional<String> registryRunId,
    List<String> reasonCodes, String detail) {
  public enum Outcome {
    PUBLISHED,
    ALREADY_PUBLISHED,
    CONFLICT,
    REJECTED;

    public boolean success() {
      return this == PUBLISHED || this == ALREADY_PUBLISHED;
    }
  }

  public PublishResponse {
    requireNonNull(outcome, "outcome is null");
    requireNonNull(modelName, "modelName is null");
    requireNonNull(version, "version is null");
    requireNonNull(registryRunId, "registryRunId is null");
    reasonCodes = List.copyOf(reasonCodes);
    requireNonNull(detail, "detail is null");
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("outcome", outcome.name());
    json.put("model_name", modelName);
    version.ifPresent(v -> json.put("version", v));
    registryRunId.ifPresent(r -> json.put("registry_run_id", r));
    json.put("reason_codes", reasonCodes);
    json.put("detail", detail);
    return json;
  }
}
