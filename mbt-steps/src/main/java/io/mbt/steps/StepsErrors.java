package io.mbt.steps;

import io.mbt.steps.storage.ArtifactNotFoundException;
import io.mbt.steps.storage.StorageException;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The error factory of mbt-steps: every message names its subject, says what was expected and what
 * was found, and how to fix it.
 */
public final class StepsErrors {
  private StepsErrors() {}

  // ---- configuration ----

  public static IllegalArgumentException invalidConfigValue(
      String key, String value, String expectation) {
    return new IllegalArgumentException(
        key + " must be " + expectation + ", but was: '" + value + "'");
  }

  // ---- storage ----

  public static IllegalArgumentException invalidArtifactSegment(
      String what, String value, String reason) {
    return new IllegalArgumentException(
        "invalid " + what + " '" + value + "': " + reason
            + ". Use a single path segment of letters, digits, '-', '_' or '.'"
            + " that does not start with '_' or '.'");
  }

  public static ArtifactNotFoundException artifactNotFound(String uri, List<String> existing) {
    return new ArtifactNotFoundException(
        "artifact not found: " + uri + " (artifacts of this run and step: "
            + (existing.isEmpty() ? "none" : String.join(", ", existing)) + ")");
  }

  public static ArtifactNotFoundException deltaTableNotFound(String uri) {
    return new ArtifactNotFoundException(
        "no Delta table at " + uri + ": the step that produces it has not written it yet,"
            + " or wrote it under another run id, step or name");
  }

  public static StorageException storageFailed(
      String operation, String uri, int attempts, IOException cause) {
    return new StorageException(
        operation + " " + uri + " failed after " + attempts
            + (attempts == 1 ? " attempt" : " attempts") + ": " + cause
            + ". Check that the storage root is reachable and writable with the configured"
            + " credentials; raise mbt.storage.retry.max_attempts to retry longer",
        cause);
  }

  public static StorageException storageInterrupted(String operation, String uri) {
    return new StorageException(
        operation + " " + uri + " was interrupted while waiting to retry", null);
  }

  // ---- frameworks ----

  public static IllegalArgumentException unknownFramework(String name, Collection<String> installed) {
    return new IllegalArgumentException(
        "unknown framework '" + name + "'; installed frameworks: " + installed
            + ". Fix the framework name, or put the jar that provides it on the driver's class"
            + " path (it must list its FrameworkTrainer in"
            + " META-INF/services/io.mbt.steps.framework.FrameworkTrainer)");
  }

  public static IllegalArgumentException unsupportedProblemType(
      String framework, String problemType, Collection<String> supported, String hint) {
    return new IllegalArgumentException(
        framework + " does not support " + problemType + "; it supports " + supported
            + (hint.isEmpty() ? "" : ". " + hint));
  }

  public static IllegalArgumentException unknownParameter(
      String framework, String key, Optional<String> suggestion, Collection<String> valid) {
    return new IllegalArgumentException(
        framework + ": unknown parameter '" + key + "'"
            + suggestion.map(s -> " (did you mean '" + s + "'?)").orElse("")
            + "; valid parameters: " + valid);
  }

  public static IllegalArgumentException reservedParameter(String framework, String key) {
    return new IllegalArgumentException(
        framework + ": parameter '" + key + "' is set by MBT from the pipeline (label, features"
            + " and output columns, number of classes); remove it from the framework config");
  }

  public static IllegalArgumentException duplicateParameter(
      String framework, String first, String second) {
    return new IllegalArgumentException(
        framework + ": parameters '" + first + "' and '" + second
            + "' set the same thing; keep only one of them");
  }

  public static IllegalArgumentException invalidParameterValue(
      String framework, String key, Object value, String expectation) {
    return new IllegalArgumentException(
        framework + ": parameter '" + key + "' must be " + expectation + ", but was: "
            + describe(value));
  }

  public static IllegalArgumentException parameterOutOfRange(
      String framework, String key, Object value, String paramDoc) {
    return new IllegalArgumentException(
        framework + ": parameter '" + key + "' = " + value + " is out of range. " + paramDoc);
  }

  public static IllegalArgumentException tooManyWorkers(int numWorkers, int slots) {
    return new IllegalArgumentException(
        "xgboost: num_workers = " + numWorkers + " exceeds the " + slots
            + " task slots of this Spark application; XGBoost trains in a barrier stage that"
            + " needs one free slot per worker. Set num_workers <= " + slots
            + ", or give the application more executor cores");
  }

  public static IllegalArgumentException tooManyThreads(int nthread, int taskCpus) {
    return new IllegalArgumentException(
        "xgboost: nthread = " + nthread + " exceeds spark.task.cpus = " + taskCpus
            + "; set nthread <= " + taskCpus + ", or raise spark.task.cpus to " + nthread);
  }

  public static IllegalArgumentException featureNamesMismatch(int numFeatures, List<String> names) {
    return new IllegalArgumentException(
        "the model was trained on " + numFeatures + " features, but " + names.size()
            + " feature names were given: " + names
            + ". Pass the names of the assembled features column, in vector order");
  }

  public static IllegalArgumentException wrongModelType(
      String framework, String path, String foundType) {
    return new IllegalArgumentException(
        "the model at " + path + " is a " + foundType + ", which framework '" + framework
            + "' did not produce; load it with the framework recorded in its manifest");
  }

  // ---- Delta log stores ----

  public static IOException hardLinksUnsupported(String directory, Exception cause) {
    return new IOException(
        "cannot publish a Delta commit in " + directory + ": its file system does not support hard"
            + " links, which ExclusiveLocalLogStore needs to create each version exclusively (" + cause
            + "). Put the table on a local file system with hard links (ext4, xfs, btrfs, tmpfs,"
            + " APFS), or use another LogStore for it (spark.delta.logStore.file.impl)",
        cause);
  }

  public static IOException notALocalFileSystem(String path, String fileSystemClass) {
    return new IOException(
        "ExclusiveLocalLogStore writes only through Hadoop's local file system, but " + path
            + " is served by " + fileSystemClass + ". Set spark.delta.logStore.<scheme>.impl for"
            + " this path's scheme to a LogStore for that file system");
  }

  public static IOException notAnS3AFileSystem(String path, String fileSystemClass) {
    return new IOException(
        "ExclusiveS3LogStore writes only through S3A (org.apache.hadoop.fs.s3a.S3AFileSystem), but "
            + path + " is served by " + fileSystemClass + ". Use an s3a:// path, or map the scheme"
            + " to S3A (fs.<scheme>.impl=org.apache.hadoop.fs.s3a.S3AFileSystem)");
  }

  public static IOException s3RequestFailed(String operation, String uri, Exception cause) {
    return new IOException(
        operation + " " + uri + " failed: " + cause.getMessage()
            + ". Check the fs.s3a.* endpoint and credentials, and that the bucket exists",
        cause);
  }

  public static IOException conditionalPutNotImplemented(String endpoint, String uri, Exception cause) {
    return new IOException(
        "the S3 endpoint " + describeEndpoint(endpoint) + " does not implement conditional writes"
            + " (If-None-Match: * on PUT " + uri + " was answered 501), so ExclusiveS3LogStore"
            + " cannot create Delta commits exclusively. Use an endpoint with conditional writes"
            + " (AWS S3, MinIO, S3Proxy 4 on filesystem-nio2 or transient-nio2), or another LogStore"
            + " (spark.delta.logStore.s3a.impl) with a single writer",
        cause);
  }

  public static IOException conditionalPutIgnored(String endpoint, String probeUri) {
    return new IOException(
        "the S3 endpoint " + describeEndpoint(endpoint) + " ignores If-None-Match: * on PUT: it"
            + " created the probe object " + probeUri + " twice, so concurrent Delta commits would"
            + " silently replace each other. Use an endpoint with conditional writes (AWS S3, MinIO,"
            + " S3Proxy 4 on filesystem-nio2 or transient-nio2), or another LogStore"
            + " (spark.delta.logStore.s3a.impl) with a single writer");
  }

  public static io.mbt.steps.delta.UnsafeLogStoreException singleWriterLogStore(
      String subject, io.mbt.steps.delta.LogStoreSafety safety) {
    return new io.mbt.steps.delta.UnsafeLogStoreException(
        subject + " " + safety.table() + " is written through the Delta LogStore "
            + safety.logStoreClass() + " (" + safety.source() + "), which " + safety.reason()
            + ": two processes committing at once can both write the same version and one commit"
            + " is lost. Set " + io.mbt.steps.delta.LogStores.schemeKey(safety.scheme())
            + io.mbt.steps.delta.LogStores.exclusiveLogStore(safety.scheme())
                .map(store -> "=" + store)
                .orElse(" to a LogStore with put-if-absent commits for " + safety.scheme())
            + " when the Spark session starts (spark-submit --conf, or the target's spark:"
            + " section), or declare single_writer: true if only one process ever writes it",
        safety);
  }

  public static IllegalArgumentException conflictingLogStoreKeys(String first, String second) {
    return new IllegalArgumentException(
        "conflicting Delta LogStore settings: " + first + " and " + second + " are both set, and"
            + " Delta refuses that combination. Keep only the spark.delta.logStore.<scheme>.impl"
            + " keys (or only one spelling of a key)");
  }

  public static IllegalArgumentException invalidTableUri(String uri, String reason) {
    return new IllegalArgumentException(
        "invalid table URI '" + uri + "': " + reason + ". Write it as scheme://authority/path,"
            + " e.g. file:///data/ledger or s3a://bucket/ledger");
  }

  private static String describeEndpoint(String endpoint) {
    return endpoint.isEmpty() ? "(AWS default)" : endpoint;
  }

  private static String describe(Object value) {
    return value instanceof String s
        ? "'" + s + "'"
        : value + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")");
  }
}
