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

  private static String describe(Object value) {
    return value instanceof String s
        ? "'" + s + "'"
        : value + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")");
  }
}
