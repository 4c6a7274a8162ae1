package io.mbt.steps.framework.builtin;

import static java.util.Objects.requireNonNull;

import io.mbt.steps.StepsErrors;
import io.mbt.steps.framework.TrainedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;

/** A {@link TrainedModel} whose last pipeline stage is the framework's model. */
final class FittedModel implements TrainedModel {
  private final String framework;
  private final PipelineModel pipelineModel;
  private final Function<Transformer, double[]> importances;

  FittedModel(
      String framework, PipelineModel pipelineModel, Function<Transformer, double[]> importances) {
    this.framework = requireNonNull(framework, "framework is null");
    this.pipelineModel = requireNonNull(pipelineModel, "pipelineModel is null");
    this.importances = requireNonNull(importances, "importances is null");
  }

  @Override
  public String framework() {
    return framework;
  }

  @Override
  public PipelineModel pipelineModel() {
    return pipelineModel;
  }

  @Override
  public Map<String, Double> featureImportance(List<String> featureNames) {
    requireNonNull(featureNames, "featureNames is null");
    Transformer[] stages = pipelineModel.stages();
    double[] raw = importances.apply(stages[stages.length - 1]);
    if (raw.length != featureNames.size()) {
      throw StepsErrors.featureNamesMismatch(raw.length, featureNames);
    }
    double total = 0;
    for (double value : raw) {
      total += Math.abs(value);
    }
    Map<String, Double> importance = new LinkedHashMap<>();
    for (int i = 0; i < raw.length; i++) {
      double value = total == 0 ? 0.0 : Math.abs(raw[i]) / total;
      if (importance.put(featureNames.get(i), value) != null) {
        throw new IllegalArgumentException(
            "feature name '" + featureNames.get(i) + "' appears twice in " + featureNames);
      }
    }
    return importance;
  }

  @Override
  public String toString() {
    return "TrainedModel[" + framework + ", " + pipelineModel.uid() + "]";
  }
}
