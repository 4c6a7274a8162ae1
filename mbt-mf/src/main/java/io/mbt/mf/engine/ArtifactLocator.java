package io.mbt.mf.engine;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an artifact is and the digest of its bytes (MF-H6). A file or a directory (then the digest
 * covers every file under it, by relative path). An artifact counts only once a locator receipt
 * binds it to a run, stage and attempt; files without one are orphans and change nothing.
 *
 * @param kind what it is: {@code model}, {@code transforms}, {@code eval_report}, {@code bundle}, ...
 */
public record ArtifactLocator(String kind, String uri, String sha256, long bytes) {
  public ArtifactLocator {
    requireNonNull(kind, "kind is null");
    requireNonNull(uri, "uri is null");
    requireNonNull(sha256, "sha256 is null");
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, but was: " + bytes);
    }
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", kind);
    json.put("uri", uri);
    json.put("sha256", sha256);
    json.put("bytes", bytes);
    return json;
  }

  public static ArtifactLocator fromJson(Map<?, ?> json) {
    return new ArtifactLocator(String.valueOf(json.get("kind")), String.valueOf(json.get("uri")), String.valueOf(json.get("sha256")),
        ((Number) json.get("bytes")).longValue());
  }
}
