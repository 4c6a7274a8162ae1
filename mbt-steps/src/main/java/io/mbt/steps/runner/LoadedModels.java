package io.mbt.steps.runner;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.ml.PipelineModel;

/**
 * The fitted {@link PipelineModel}s loaded during one run, by URI. Every read of a table view
 * applies its chain of fitted transforms, and a run reads the same views many times (each later
 * step, train and test); a {@code PipelineModel.load} costs several small Spark jobs per stage, so
 * a model is loaded once per run. Models are immutable once written; a step that writes a model
 * URI drops that URI from the cache, so a rerun within the process never sees a stale model.
 */
final class LoadedModels {
  private final Map<String, PipelineModel> byUri = new ConcurrentHashMap<>();

  PipelineModel load(String uri) {
    return byUri.computeIfAbsent(uri, PipelineModel::load);
  }

  void forget(String uri) {
    byUri.remove(uri);
  }
}
