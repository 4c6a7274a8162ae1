package io.mbt.steps.delta;

import java.util.Map;
import java.util.Set;

/**
 * What MBT knows of each Delta LogStore: whether it excludes concurrent writers across processes
 * (Delta's storage documentation for its own stores), and what Delta picks per scheme by default.
 */
final class KnownLogStores {
  static final String HDFS = "io.delta.storage.HDFSLogStore";
  static final String S3_SINGLE_DRIVER = "io.delta.storage.S3SingleDriverLogStore";
  static final String AZURE = "io.delta.storage.AzureLogStore";
  static final String GCS = "io.delta.storage.GCSLogStore";
  static final String DELEGATING = "org.apache.spark.sql.delta.storage.DelegatingLogStore";
  // By name: loading ExclusiveS3LogStore needs hadoop-aws, which a local classpath may lack.
  static final String EXCLUSIVE_S3 = "io.mbt.steps.delta.ExclusiveS3LogStore";

  private static final Set<String> S3_SCHEMES = Set.of("s3", "s3a", "s3n");
  private static final Set<String> AZURE_SCHEMES = Set.of("abfs", "abfss", "adl", "wasb", "wasbs");

  /** A store's answer, and why, as a clause completing "the LogStore …". */
  record Verdict(boolean multiWriterSafe, String reason) {}

  private static final Verdict SINGLE_JVM = new Verdict(false, "excludes concurrent writers only within one JVM");
  private static final Verdict SINGLE_DRIVER = new Verdict(false, "excludes concurrent writers only within one Spark driver");
  private static final Verdict RENAME_ON_AZURE =
      new Verdict(true, "renames each commit into place on Azure storage, which fails if the version exists");
  private static final Verdict GCS_PRECONDITION =
      new Verdict(true, "creates each commit with a GCS precondition, which fails if the version exists");

  private static final Map<String, Verdict> VERDICTS = Map.ofEntries(
      Map.entry(ExclusiveLocalLogStore.class.getName(),
          new Verdict(true, "publishes each commit with a hard link, which fails if the version exists")),
      Map.entry(EXCLUSIVE_S3,
          new Verdict(true, "publishes each commit with a conditional PUT (If-None-Match: *), which fails if the version exists")),
      Map.entry("io.delta.storage.LocalLogStore", SINGLE_JVM),
      Map.entry("org.apache.spark.sql.delta.storage.LocalLogStore", SINGLE_JVM),
      Map.entry(S3_SINGLE_DRIVER, SINGLE_DRIVER),
      Map.entry("org.apache.spark.sql.delta.storage.S3SingleDriverLogStore", SINGLE_DRIVER),
      Map.entry(AZURE, RENAME_ON_AZURE),
      Map.entry("org.apache.spark.sql.delta.storage.AzureLogStore", RENAME_ON_AZURE),
      Map.entry(GCS, GCS_PRECONDITION),
      Map.entry("org.apache.spark.sql.delta.storage.GCSLogStore", GCS_PRECONDITION),
      Map.entry("io.delta.storage.S3DynamoDBLogStore",
          new Verdict(true, "claims each commit with a conditional put in a DynamoDB table")));

  private KnownLogStores() {}

  static Verdict verdict(String logStoreClass, String scheme) {
    if (logStoreClass.equals(HDFS) || logStoreClass.equals("org.apache.spark.sql.delta.storage.HDFSLogStore")) {
      if (scheme.equals("hdfs")) {
        return new Verdict(true, "renames each commit into place through HDFS, which fails if the version exists");
      }
      return new Verdict(false, "checks that a version is absent and then renames onto it, two steps that"
          + (scheme.equals("file") ? " a local rename does not make exclusive (it replaces an existing file)"
              : " are exclusive only on HDFS"));
    }
    Verdict known = VERDICTS.get(logStoreClass);
    return known != null ? known
        : new Verdict(false, "is not known to MBT to exclude concurrent writers across processes");
  }

  /** The store Delta's DelegatingLogStore uses for {@code scheme} when no key names one. */
  static String deltaDefault(String scheme) {
    if (S3_SCHEMES.contains(scheme)) {
      return S3_SINGLE_DRIVER;
    }
    if (AZURE_SCHEMES.contains(scheme)) {
      return AZURE;
    }
    return scheme.equals("gs") ? GCS : HDFS;
  }
}
