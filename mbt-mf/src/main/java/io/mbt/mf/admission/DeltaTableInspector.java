package io.mbt.mf.admission;

import io.mbt.steps.api.SourcePinException;
import io.mbt.steps.connector.DeltaTables;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import org.apache.spark.sql.SparkSession;

/**
 * Inspects pinned Delta tables through the transaction log ({@link DeltaTables}): the table id,
 * the digest of the data files at the pinned version, and whether that version can still be read
 * in full (not removed by log cleanup or VACUUM). Reads no rows.
 */
public final class DeltaTableInspector implements TableInspector {
  private final SparkSession spark;

  public DeltaTableInspector(SparkSession spark) {
    this.spark = spark;
  }

  @Override
  public TableAtVersion inspect(String uri, long version) throws RefReader.RefException {
    try {
      String id = DeltaTables.current(spark, uri).tableId();
      DeltaTables.requireReadable(spark, uri, uri, version);
      return new TableAtVersion(uri, id, version, DeltaTables.filesDigest(spark, uri, version));
    } catch (SourcePinException e) {
      throw new RefReader.RefException(Reason.of(ReasonCode.REF_NOT_FOUND, uri + "@v" + version, e.getMessage()), e);
    } catch (IllegalArgumentException e) {
      throw new RefReader.RefException(Reason.of(ReasonCode.REF_NOT_FOUND, uri, "no Delta table at " + uri + ": " + e.getMessage()), e);
    } catch (RuntimeException e) {
      throw classify(uri, version, e);
    }
  }

  private static RefReader.RefException classify(String uri, long version, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AccessDeniedException || t instanceof org.apache.hadoop.security.AccessControlException) {
        return new RefReader.RefException(Reason.of(ReasonCode.REF_ACCESS_DENIED, uri, "access to table " + uri + " was denied: "
            + t.getMessage()), e);
      }
      if (t instanceof java.io.FileNotFoundException) {
        return new RefReader.RefException(Reason.of(ReasonCode.REF_NOT_FOUND, uri + "@v" + version, t.getMessage()), e);
      }
      if (t instanceof IOException io && RefReader.isTransient(io)) {
        return new RefReader.RefException(Reason.of(ReasonCode.RESOLVE_TIMEOUT_TRANSIENT, uri, "table " + uri + " did not answer: "
            + t.getMessage()), e);
      }
    }
    return new RefReader.RefException(Reason.of(ReasonCode.RESOLVE_TIMEOUT_TRANSIENT, uri, "table " + uri + " could not be inspected: "
        + e.getMessage()), e);
  }
}
