package io.mbt.compiler.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code training:} — everything a training pipeline declares. */
public record TrainingSpec(
    DataSourceSpec dataSource,
    SchemaSpec schema,
    Optional<ValidationSpec> validation,
    TransformationsSpec transformations,
    Optional<FeatureSelectionSpec> featureSelection,
    ModelTrainingSpec modelTraining,
    EvaluationSpec evaluation,
    List<CustomStepSpec> customSteps,
    Map<String, Resources> stepResources) {
  public TrainingSpec {
    customSteps = List.copyOf(customSteps);
    stepResources = Map.copyOf(stepResources);
  }
}
