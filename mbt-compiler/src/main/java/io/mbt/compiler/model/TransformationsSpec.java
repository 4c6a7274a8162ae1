package io.mbt.compiler.model;

import java.util.List;
import java.util.Optional;

/** {@code training.transformations}. Each part yields a step only when present and enabled. */
public record TransformationsSpec(Optional<Normalization> normalization, Optional<Encoding> encoding, List<CustomTransform> customTransforms) {
  public TransformationsSpec {
    customTransforms = List.copyOf(customTransforms);
  }

  /** @param columns columns to scale; empty means every numeric feature */
  public record Normalization(boolean enabled, NormalizationMethod method, List<String> columns) {
    public Normalization {
      columns = List.copyOf(columns);
    }
  }

  /** @param columns columns to encode; empty means every string feature plus declared categoricals */
  public record Encoding(boolean enabled, EncodingMethod method, List<String> columns, HandleUnknown handleUnknown, Optional<Integer> maxCategories) {
    public Encoding {
      columns = List.copyOf(columns);
    }
  }
}
