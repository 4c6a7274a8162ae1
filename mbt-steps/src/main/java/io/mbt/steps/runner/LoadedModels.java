package io.mbt.steps.runner;

import io.mbt.steps.api.OutputRecord;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

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
 *
 * <p>Stored tables are kept the same way, so that every view of one reads the same Dataset. A step
 * that reads an input more than once and declares views of it that later steps read again (a
 * split) asks for it to be persisted ({@link #keep}): its first pass fills the cache, and every
 * later pass, fit, training and scoring reads memory instead of the source. Otherwise the first
 * view of a chain that changes stored data, once a second step reads it, is persisted ({@code
 * MEMORY_AND_DISK}), unless its chain reads a persisted table already. Views further down the
 * chain are row-wise transforms, cheap to recompute from the cache, and are not cached; plain
 * aliases of a stored table are a scan already. The run releases everything it cached when it
 * ends ({@link #release}).
 */
final class LoadedModels implements AutoCloseable {
  private final Map<String, Object> byKey = new ConcurrentHashMap<>();
  private final Map<OutputRecord, View> views = new ConcurrentHashMap<>();
  private final Map<OutputRecord, String> firstReader = new ConcurrentHashMap<>();
  private final Consumer<String> awaitWritten;

  /** @param awaitWritten returns once a model URI's files are in place (they may be written behind the step that fitted it) */
  LoadedModels(Consumer<String> awaitWritten) {
    this.awaitWritten = awaitWritten;
  }

  LoadedModels() {
    this(uri -> {});
  }

  /**
   * A table's Dataset as the run reads it: a stored table, or a view with the model URIs of its
   * chain, how many views of its chain (itself included) apply a model or a filter to the stored
   * data at the chain's start, and the view or table it reads.
   */
  record View(Dataset<Row> data, Set<String> modelUris, int changes, Optional<View> source) {
    View(Dataset<Row> data, Set<String> modelUris) {
      this(data, modelUris, 0, Optional.empty());
    }

    View(Dataset<Row> data, Set<String> modelUris, int changes) {
      this(data, modelUris, changes, Optional.empty());
    }

    /** The first view of its chain that changes the stored data: the one worth caching. */
    boolean firstChange() {
      return changes == 1;
    }

    boolean persisted() {
      return !data.storageLevel().equals(StorageLevel.NONE());
    }

    /** Whether a table or view further down its chain is persisted already: then caching this one only doubles the memory. */
    boolean readsCached() {
      return source.map(s -> s.persisted() || s.readsCached()).orElse(false);
    }
  }

  PipelineModel load(String uri) {
    return load(uri, PipelineModel.class, PipelineModel::load);
  }

  <T> T load(String uri, Class<T> type, Function<String, T> loader) {
    return type.cast(byKey.computeIfAbsent(type.getName() + "|" + uri, key -> {
      awaitWritten.accept(uri);
      return loader.apply(uri);
    }));
  }

  /** Keeps {@code model}, just written to {@code uri}, as what later loads of it in this run return: it is what the load would give. */
  <T> void prime(String uri, Class<T> type, T model) {
    byKey.put(type.getName() + "|" + uri, model);
  }

  void forget(String uri) {
    byKey.keySet().removeIf(key -> key.endsWith("|" + uri));
    views.entrySet().removeIf(entry -> {
      boolean stale = entry.getValue().modelUris().contains(uri);
      if (stale) {
        entry.getValue().data().unpersist(false);
        firstReader.remove(entry.getKey());
      }
      return stale;
    });
  }

  /**
   * The view of {@code record} as step {@code reader} reads it, built once per run; the first view
   * of a chain that changes stored data is persisted when a second step reads it. Not
   * computeIfAbsent: building reads the views it depends on.
   */
  View view(OutputRecord record, String reader, Supplier<View> build) {
    View view = views.get(record);
    if (view == null) {
      view = build.get();
      views.put(record, view);
      firstReader.put(record, reader);
    } else if (view.firstChange() && !reader.equals(firstReader.get(record)) && !view.persisted() && !view.readsCached()) {
      view.data().persist(StorageLevel.MEMORY_AND_DISK());
    }
    return view;
  }

  /**
   * Persists the table or view of {@code record}, read in this run already, until the run ends: a
   * step asks for it when it reads an input more than once and its outputs are views of that input
   * which later steps read again.
   */
  void keep(OutputRecord record) {
    View view = views.get(record);
    if (view != null && !view.persisted()) {
      view.data().persist(StorageLevel.MEMORY_AND_DISK());
    }
  }

  /** Unpersists the views cached in this run; the models stay loaded (they hold no cluster memory). */
  void release() {
    views.values().forEach(view -> view.data().unpersist(false));
    views.clear();
    firstReader.clear();
  }

  @Override
  public void close() {
    release();
  }
}
