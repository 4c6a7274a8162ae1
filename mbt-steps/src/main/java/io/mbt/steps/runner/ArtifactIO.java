package io.mbt.steps.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.steps.api.ArtifactKind;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.storage.ArtifactStore;
import io.mbt.steps.storage.DeltaArtifacts;
import io.mbt.steps.storage.WrittenTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Writes and reads the four artifact kinds. Delta tables commit atomically; JSON goes through the
 * store's atomic put; model and file directories are written under a {@code _tmp-} name (which
 * readers never see) and renamed into place when complete.
 */
final class ArtifactIO {
  private final SparkSession spark;
  private final ArtifactStore store;
  private final DeltaArtifacts delta;

  ArtifactIO(SparkSession spark, ArtifactStore store) {
    this.spark = spark;
    this.store = store;
    this.delta = new DeltaArtifacts(spark, store);
  }

  ArtifactStore store() {
    return store;
  }

  OutputRecord writeTable(String runId, String step, String name, org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> data) {
    WrittenTable written = delta.write(runId, step, name, data);
    return new OutputRecord(ArtifactKind.TABLE, written.uri(), "delta:" + written.uri().hashCode() + ":v" + written.version(),
        Optional.of(written.version()));
  }

  OutputRecord writeJson(String runId, String step, String name, Object value) {
    byte[] bytes;
    try {
      bytes = ManifestJson.mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + name + " as JSON: " + e.getMessage(), e);
    }
    store.put(runId, step, name, bytes);
    return new OutputRecord(ArtifactKind.JSON, store.uri(runId, step, name), "sha256:" + sha256(bytes), Optional.empty());
  }

  /** Writes a directory artifact through {@code writer} (given a temporary path), renamed into place when complete; its URI. */
  String writeDirectory(String runId, String step, String name, Consumer<String> writer) {
    String finalUri = store.uri(runId, step, name);
    Path target = new Path(finalUri);
    Path tmp = new Path(target.getParent(), "_tmp-" + UUID.randomUUID() + "-" + name);
    try {
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try {
        writer.accept(tmp.toString());
        fs.delete(target, true);
        if (!fs.rename(tmp, target)) {
          throw new IOException("rename of " + tmp + " to " + target + " failed");
        }
      } finally {
        fs.delete(tmp, true);
      }
      return finalUri;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + finalUri + ": " + e.getMessage(), e);
    }
  }

  /** A directory of files; its digest covers every file's name and content. */
  OutputRecord writeFiles(String runId, String step, String name, Map<String, byte[]> files) {
    String uri = writeDirectory(runId, step, name, dir -> {
      try {
        FileSystem fs = new Path(dir).getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.mkdirs(new Path(dir));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
          try (OutputStream out = fs.create(new Path(dir, file.getKey()), true)) {
            out.write(file.getValue());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    Map<String, String> contents = new TreeMap<>();
    files.forEach((file, bytes) -> contents.put(file, sha256(bytes)));
    return new OutputRecord(ArtifactKind.FILES, uri, "sha256:" + sha256(contents.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        Optional.empty());
  }

  /** Removes everything a step wrote in a run, so a re-run starts clean. */
  void clearStep(String runId, String step) {
    for (String name : store.list(runId, step)) {
      store.delete(runId, step, name);
    }
  }

  boolean exists(String uri) {
    try {
      Path p = new Path(uri);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
