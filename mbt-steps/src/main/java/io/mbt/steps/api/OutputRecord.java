package io.mbt.steps.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A written output: its kind, where it is, and a digest for lineage (a Delta table's version, a
 * content hash otherwise).
 */
public record OutputRecord(ArtifactKind kind, String uri, String digest, Optional<Long> tableVersion) {
  public OutputRecord {
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(uri, "uri is null");
    Objects.requireNonNull(digest, "digest is null");
  }
}
