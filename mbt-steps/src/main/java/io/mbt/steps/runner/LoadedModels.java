package io.mbt.steps.runner;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.spark.ml.PipelineModel;

/**
 * The models loaded during one run, by URI and type. Every read of a table view applies its chain
 * of fitted transforms, and a run reads the same views many times (each later step, train and
 * test); a {@code PipelineModel.load} costs several small Spark jobs per stage, so a model is loaded
 * once per run. Models are immutable once written; a step that writes a model URI drops that URI
 * from the cache, so a rerun within the process never sees a stale model, and a step that writes a
 * model it holds in memory primes the cache with it, so the next steps of the run need no load at all.
 */
final class LoadedModels {
  private final Map<String, Object> byKey = new ConcurrentHashMap<>();

  PipelineModel load(String uri) {
    return load(uri, PipelineModel.class, PipelineModel::load);
  }

  <T> T load(String uri, Class<T> type, Function<String, T> loader) {
    return type.cast(byKey.computeIfAbsent(type.getName() + "|" + uri, key -> loader.apply(uri)));
  }

  /** Keeps {@code model}, just written to {@code uri}, as what later loads of it in this run return: it is what the load would give. */
  <T> void prime(String uri, Class<T> type, T model) {
    byKey.put(type.getName() + "|" + uri, model);
  }

  void forget(String uri) {
    byKey.keySet().removeIf(key -> key.endsWith("|" + uri));
  }
}
