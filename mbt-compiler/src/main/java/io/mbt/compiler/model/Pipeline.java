package io.mbt.compiler.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A pipeline as the data scientist declared it, after base pipelines and includes were resolved,
 * templates rendered and the schema checked. Exactly one of {@code training} and {@code serving}
 * is present.
 */
public record Pipeline(
    int schemaVersion,
    ProjectSpec project,
    DeploymentSpec deployment,
    Optional<TrainingSpec> training,
    Optional<ServingSpec> serving) {

  public Pipeline {
    Objects.requireNonNull(project, "project is null");
    Objects.requireNonNull(deployment, "deployment is null");
    Objects.requireNonNull(training, "training is null");
    Objects.requireNonNull(serving, "serving is null");
    if (training.isPresent() == serving.isPresent()) {
      throw new IllegalArgumentException("a pipeline has exactly one of training and serving");
    }
  }

  public String name() {
    return project.name();
  }

  public PipelineType type() {
    return training.isPresent() ? PipelineType.TRAINING : PipelineType.SERVING;
  }
}
