package io.mbt.steps.runner;

import io.mbt.steps.api.OutputRecord;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The models loaded during one run, by URI and type. Every read of a table view applies its chain
 * of fitted transforms, and a run reads the same views many times (each later step, train and
 * test); a {@code PipelineModel.load} costs several small Spark jobs per stage, so a model is loaded
 * once per run. Models are immutable once written; a step that writes a model URI drops that URI
 * from the cache, so a rerun within the process never sees a stale model, and a step that writes a
 * model it holds in memory primes the cache with it, so the next steps of the run need no load at all.
 *
 * <p>It also keeps the table views read during the run, by their record: a view's Dataset is its
 * source with its model applied, and planning that chain again for each step that reads it (each
 * view is the source of the next step's views) is most of a step's planning time. A view's record
 * pins its whole chain (source versions, model URIs and digests), so the same record is the same
 * Dataset; views whose chain uses a model URI being rewritten are dropped with it.
 */
final class LoadedModels {
  private final Map<String, Object> byKey = new ConcurrentHashMap<>();
  private final Map<OutputRecord, View> views = new ConcurrentHashMap<>();

  /** A view's Dataset and the model URIs of its chain. */
  record View(Dataset<Row> data, Set<String> modelUris) {}

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
    views.values().removeIf(view -> view.modelUris().contains(uri));
  }

  /** The view of {@code record}, built once per run. Not computeIfAbsent: building reads the views it depends on. */
  View view(OutputRecord record, Supplier<View> build) {
    View view = views.get(record);
    if (view == null) {
      view = build.get();
      views.put(record, view);
    }
    return view;
  }
}
