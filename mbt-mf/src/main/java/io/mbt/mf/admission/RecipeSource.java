package io.mbt.mf.admission;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Resolves a training pipeline into what the run's identity and admissibility need, without
 * running anything (MF-B2/B3 for the training recipe).
 */
public interface RecipeSource {

  /**
   * @param target the profile target the request's wiring names (empty: the profile's default)
   * @throws RecipeException if the pipeline cannot be resolved or compiled; the message is the compiler's, located
   */
  Recipe resolve(String pipeline, Optional<String> target) throws RecipeException;

  /**
   * A resolved recipe.
   *
   * @param digest of the pipeline after base pipelines and includes are merged, before templates and profile (no wiring)
   * @param modelName the registered model a candidate is published under
   * @param tables the tables the pipeline reads (label table first)
   * @param labelColumn the target column, if a training pipeline
   * @param environment the profile target it compiled for
   */
  record Recipe(String pipeline, String digest, String modelName, List<String> tables, Optional<String> labelColumn, String environment) {
    public Recipe {
      requireNonNull(pipeline, "pipeline is null");
      requireNonNull(digest, "digest is null");
      requireNonNull(modelName, "modelName is null");
      tables = List.copyOf(tables);
      requireNonNull(labelColumn, "labelColumn is null");
      requireNonNull(environment, "environment is null");
    }
  }

  /** The recipe cannot be used; HARD. */
  final class RecipeException extends Exception {
    public RecipeException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
