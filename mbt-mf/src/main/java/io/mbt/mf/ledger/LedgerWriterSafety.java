package io.mbt.mf.ledger;

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
    String scheme = scheme(tablePath);
    String configured = spark.conf().getOption("spark.delta.logStore." + scheme + ".impl")
        .getOrElse(() -> spark.conf().getOption("spark.delta.logStore.class").getOrElse(() -> defaultFor(scheme)));
    if (!multiWriterSafe(scheme, configured)) {
      throw new LedgerUnavailableException("the Model Factory ledger at " + tablePath + " is served by Delta LogStore " + configured
          + ", which does not exclude concurrent writers across processes, so claims would not be atomic. Set spark.delta.logStore."
          + scheme + ".impl to a put-if-absent LogStore (see conf/spark-defaults.conf), or declare single_writer: true in the mf "
          + "section of profiles.yaml if only one process ever writes this ledger");
    }
  }

  static String scheme(String path) {
    int colon = path.indexOf(':');
    int slash = path.indexOf('/');
    return colon > 0 && (slash < 0 || colon < slash) ? path.substring(0, colon).toLowerCase(java.util.Locale.ROOT) : "file";
  }

  /** Delta's own choice for a scheme when nothing is configured. */
  static String defaultFor(String scheme) {
    return switch (scheme) {
      case "s3", "s3a", "s3n" -> "io.delta.storage.S3SingleDriverLogStore";
      case "abfs", "abfss", "adl", "wasb", "wasbs" -> "io.delta.storage.AzureLogStore";
      case "gs" -> "io.delta.storage.GCSLogStore";
      case "file" -> "io.delta.storage.LocalLogStore";
      default -> "io.delta.storage.HDFSLogStore";
    };
  }

  static boolean multiWriterSafe(String scheme, String logStoreClass) {
    String simple = logStoreClass.substring(logStoreClass.lastIndexOf('.') + 1);
    if (logStoreClass.startsWith("io.mbt.")) {
      return true; // MBT's put-if-absent stores
    }
    return switch (simple) {
      case "AzureLogStore", "GCSLogStore", "S3DynamoDBLogStore" -> true;
      case "HDFSLogStore" -> scheme.equals("hdfs") || scheme.equals("viewfs");
      default -> false;
    };
  }
}
