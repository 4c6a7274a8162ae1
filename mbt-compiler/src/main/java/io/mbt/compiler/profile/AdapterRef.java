package io.mbt.compiler.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/** {@code {type: s3, config: {...}}}: an adapter chosen in profiles.yaml and its config (secrets as references). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AdapterRef(String type, Map<String, Object> config) {
  public AdapterRef {
    Objects.requireNonNull(type, "type is null");
    config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
  }

  public static AdapterRef of(String type, Map<String, Object> config) {
    return new AdapterRef(type, config);
  }
}
