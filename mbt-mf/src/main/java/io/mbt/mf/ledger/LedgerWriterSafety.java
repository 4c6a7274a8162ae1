package io.mbt.mf.ledger;

import io.mbt.steps.delta.LogStores;
import io.mbt.steps.delta.UnsafeLogStoreException;
import org.apache.spark.sql.SparkSession;

/**
 * Refuses a ledger whose Delta LogStore cannot exclude concurrent writers across processes, unless
 * the user declared {@code single_writer: true}: claims are only atomic when two processes
 * committing the same table version cannot both succeed.
 */
final class LedgerWriterSafety {
  private LedgerWriterSafety() {}

  static void check(SparkSession spark, String tablePath, boolean singleWriter) {
    if (singleWriter) {
      return;
    }
    try {
      LogStores.describe(spark, tablePath).requireMultiWriterSafe("the Model Factory ledger");
    } catch (UnsafeLogStoreException e) {
      throw new LedgerUnavailableException(e.getMessage() + " (set it in the mf section of profiles.yaml: mf: {single_writer: true})", e);
    }
  }
}
