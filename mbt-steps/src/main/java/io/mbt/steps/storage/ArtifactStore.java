package io.mbt.steps.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Stores the artifacts of pipeline runs under one root, laid out as {@code
 * <root>/<run_id>/<step>/<artifact>} (the StoragePlugin of the blueprint).
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Writes are atomic: a reader sees the whole previous content, the whole new content, or (for
 *       a first write) nothing; a writer killed mid-write leaves no visible artifact.
 *   <li>Writing an existing artifact replaces it, so a retried step overwrites its own output.
 *   <li>Transient {@link IOException}s are retried with bounded exponential backoff; a failure that
 *       survives the retries is a {@link StorageException}.
 * </ul>
 *
 * <p>Run ids, step names and artifact names are single path segments that do not start with
 * {@code _} or {@code .}: those prefixes are reserved for in-flight temporary files and hidden files,
 * which {@link #list} never returns. Invalid names throw {@link IllegalArgumentException}.
 */
public interface ArtifactStore {

  /** The root URI, e.g. {@code file:///data/artifacts} or {@code s3a://bucket/prefix}. */
  String root();

  /** The URI of an artifact: {@code <root>/<runId>/<step>/<name>}. Does not touch storage. */
  String uri(String runId, String step, String name);

  /**
   * Writes an artifact atomically, replacing any previous content; {@code writer} may run again if
   * the write is retried.
   */
  void put(String runId, String step, String name, ArtifactWriter writer);

  /** Writes {@code content} atomically, replacing any previous content. */
  default void put(String runId, String step, String name, byte[] content) {
    put(runId, step, name, out -> out.write(content));
  }

  /**
   * The content of an artifact.
   *
   * @throws ArtifactNotFoundException if it does not exist
   */
  byte[] get(String runId, String step, String name);

  /** Whether an artifact (a file, or a directory such as a Delta table) exists. */
  boolean exists(String runId, String step, String name);

  /**
   * The names of the artifacts of one step of one run, sorted; empty if the step wrote none.
   * Temporary and hidden entries are left out.
   */
  List<String> list(String runId, String step);

  /**
   * Deletes an artifact, recursively if it is a directory.
   *
   * @return whether it existed
   */
  boolean delete(String runId, String step, String name);

  /** Writes {@code value} as indented JSON with sorted map keys, atomically. */
  default void writeJson(String runId, String step, String name, Object value) {
    byte[] json;
    try {
      json = ArtifactJson.MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name + " as JSON: " + e.getMessage(), e);
    }
    put(runId, step, name, json);
  }

  /**
   * Reads a JSON artifact as {@code type} (use {@code JsonNode.class} for a tree).
   *
   * @throws ArtifactNotFoundException if it does not exist
   * @throws UncheckedIOException if it is not JSON of that shape
   */
  default <T> T readJson(String runId, String step, String name, Class<T> type) {
    byte[] json = get(runId, step, name);
    try {
      return ArtifactJson.MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(
          uri(runId, step, name) + " is not JSON of a " + type.getSimpleName() + ": "
              + e.getMessage(),
          e);
    }
  }
}
