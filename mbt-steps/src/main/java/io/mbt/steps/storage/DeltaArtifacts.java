package io.mbt.steps.storage;

import static java.util.Objects.requireNonNull;

import io.delta.tables.DeltaTable;
import io.mbt.steps.StepsErrors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes and reads DataFrame artifacts as Delta tables at {@code <root>/<run_id>/<step>/<name>} of
 * an {@link ArtifactStore}. Delta's commit is the atomic step: readers see the previous version or
 * the new one. Writes overwrite (data and schema), so a retried step replaces its own output.
 */
public final class DeltaArtifacts {
  private final SparkSession spark;
  private final ArtifactStore store;

  public DeltaArtifacts(SparkSession spark, ArtifactStore store) {
    this.spark = requireNonNull(spark, "spark is null");
    this.store = requireNonNull(store, "store is null");
  }

  /**
   * Writes {@code data} as the table's new version, replacing earlier content and schema.
   *
   * @return the table's location and the version this write committed (the newest version right
   *     after the write; a concurrent writer of the same artifact would break this, and none should
   *     exist: one step owns its outputs)
   */
  public WrittenTable write(String runId, String step, String name, Dataset<Row> data) {
    requireNonNull(data, "data is null");
    String uri = store.uri(runId, step, name);
    data.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(uri);
    return new WrittenTable(uri, latestVersion(uri));
  }

  /**
   * The newest version of a table.
   *
   * @throws ArtifactNotFoundException if there is no Delta table there
   */
  public Dataset<Row> read(String runId, String step, String name) {
    return spark.read().format("delta").load(existingTable(runId, step, name));
  }

  /**
   * One version of a table, as recorded in a {@link WrittenTable}.
   *
   * @throws ArtifactNotFoundException if there is no Delta table there
   */
  public Dataset<Row> read(String runId, String step, String name, long version) {
    return spark.read().format("delta").option("versionAsOf", version)
        .load(existingTable(runId, step, name));
  }

  /** The newest version of a table. */
  public long version(String runId, String step, String name) {
    return latestVersion(existingTable(runId, step, name));
  }

  private String existingTable(String runId, String step, String name) {
    String uri = store.uri(runId, step, name);
    if (!DeltaTable.isDeltaTable(spark, uri)) {
      throw StepsErrors.deltaTableNotFound(uri);
    }
    return uri;
  }

  private long latestVersion(String uri) {
    return DeltaTable.forPath(spark, uri).history(1).select("version").head().getLong(0);
  }
}
