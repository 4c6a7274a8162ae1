package io.mbt.steps.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A written output: its kind, where it is, and a digest for lineage (a Delta table's version, a
 * content hash otherwise). Views carry the recipe that rebuilds them; their uri names the view.
 */
public record OutputRecord(ArtifactKind kind, String uri, String digest, Optional<Long> tableVersion, Optional<TableRecipe> recipe) {
  public OutputRecord {
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(uri, "uri is null");
    Objects.requireNonNull(digest, "digest is null");
    Objects.requireNonNull(tableVersion, "tableVersion is null");
    Objects.requireNonNull(recipe, "recipe is null");
  }

  public OutputRecord(ArtifactKind kind, String uri, String digest, Optional<Long> tableVersion) {
    this(kind, uri, digest, tableVersion, Optional.empty());
  }
}
