package io.mbt.steps.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.steps.features.LabelInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * A frozen copy of one registry run (blueprint §2.7, {@code artifact_snapshot: true}): {@code mbt
 * compile} takes it next to the compiled manifest, and serving then loads the model from it with
 * the registry unreachable. Layout of the snapshot directory:
 *
 * <pre>
 * run.json        the run's metadata (registry, run id, pipeline, label, training schema, ...)
 * model/          the ModelBundle
 * transforms/     the fitted transforms PipelineModel
 * metrics.json    the run's evaluation document
 * snapshot.json   registry, run id, taken_at and the sha256 of every file above
 * </pre>
 *
 * A snapshot is written whole under a sibling temporary directory and then moved into place, so a
 * reader sees the old snapshot or the new one, never a mix. {@link #load} verifies every digest.
 */
public final class RunSnapshot {
  static final String MANIFEST = "snapshot.json";
  private static final String RUN = "run.json";
  private static final String MODEL = "model";
  private static final String TRANSFORMS = "transforms";
  private static final String METRICS = "metrics.json";
  private static final int FORMAT_VERSION = 1;

  private RunSnapshot() {}

  /** {@code snapshot.json}. */
  record Manifest(int formatVersion, String registry, String runId, String takenAt, Map<String, String> files) {}

  /** {@code run.json}: what {@link RegisteredRun} holds besides its URIs. */
  record RunMetadata(
      String registry,
      String runId,
      String uri,
      String pipeline,
      String mbtRunId,
      Optional<String> experiment,
      List<String> tags,
      Map<String, Object> params,
      Map<String, Double> metrics,
      String createdAt,
      String status,
      LabelInfo label,
      JsonNode trainingSchema) {}

  /**
   * Copies what serving needs of run {@code runId} into {@code dirUri}. Taking the snapshot of a
   * run that is already there (and intact) copies nothing.
   *
   * @return the run as the snapshot serves it (URIs inside {@code dirUri})
   * @throws RunNotFoundException if the registry has no such run
   * @throws RegistryException if the registry or the snapshot directory cannot be read or written
   */
  public static RegisteredRun take(ModelRegistry registry, String runId, String dirUri, Configuration hadoop) {
    Path dir = new Path(dirUri);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      Optional<Manifest> existing = readManifest(fs, dir);
      if (existing.isPresent() && existing.get().runId().equals(runId) && existing.get().registry().equals(registry.name())) {
        try {
          return load(dirUri, hadoop);
        } catch (RegistryException corrupt) {
          // A damaged snapshot of the right run: take it again below.
        }
      }
      RegisteredRun run = registry.loadRun(runId);
      Path tmp = new Path(dir.getParent(), "_tmp-" + dir.getName() + "-" + UUID.randomUUID());
      try {
        fs.mkdirs(tmp);
        copy(fs, run.modelUri(), new Path(tmp, MODEL), hadoop);
        copy(fs, run.transformsUri(), new Path(tmp, TRANSFORMS), hadoop);
        copy(fs, run.metricsUri(), new Path(tmp, METRICS), hadoop);
        JsonNode schema = ManifestJson.mapper().readTree(run.trainingSchema().json());
        RunMetadata metadata = new RunMetadata(run.registry(), run.runId(), run.uri(), run.pipeline(), run.mbtRunId(), run.experiment(),
            run.tags(), run.params(), run.metrics(), run.createdAt().toString(), run.status(), run.label(), schema);
        write(fs, new Path(tmp, RUN), ManifestJson.mapper().writeValueAsBytes(metadata));
        Manifest manifest = new Manifest(FORMAT_VERSION, run.registry(), run.runId(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), digests(fs, tmp));
        // snapshot.json last: a directory without it is not a snapshot.
        write(fs, new Path(tmp, MANIFEST), ManifestJson.mapper().writeValueAsBytes(manifest));
        replace(fs, tmp, dir);
      } finally {
        fs.delete(tmp, true);
      }
      return load(dirUri, hadoop);
    } catch (IOException e) {
      throw new RegistryException("taking the artifact snapshot of run " + runId + " into " + dirUri + " failed: " + e
          + ". Check that the directory is writable", e);
    }
  }

  /**
   * The run frozen in {@code dirUri}, after checking every file against its digest.
   *
   * @throws RegistryException if there is no snapshot (run {@code mbt compile}) or a file does not
   *     match its digest (named)
   */
  public static RegisteredRun load(String dirUri, Configuration hadoop) {
    Path dir = new Path(dirUri);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      Manifest manifest = readManifest(fs, dir).orElseThrow(() -> new RegistryException("there is no artifact snapshot at " + dirUri
          + " (artifact_snapshot: true serves from it); run `mbt compile` for this pipeline and target to take it", null));
      Map<String, String> found = digests(fs, dir);
      found.remove(MANIFEST);
      for (Map.Entry<String, String> e : manifest.files().entrySet()) {
        String actual = found.get(e.getKey());
        if (actual == null) {
          throw new RegistryException("the artifact snapshot at " + dirUri + " lacks " + e.getKey()
              + "; it was damaged after it was taken: run `mbt compile` to take it again", null);
        }
        if (!actual.equals(e.getValue())) {
          throw new RegistryException("the artifact snapshot at " + dirUri + " has a changed file " + e.getKey() + " (sha256 " + actual
              + ", snapshot.json says " + e.getValue() + "); run `mbt compile` to take it again", null);
        }
      }
      RunMetadata m;
      try (InputStream in = fs.open(new Path(dir, RUN))) {
        m = ManifestJson.mapper().readValue(in, RunMetadata.class);
      }
      StructType schema = (StructType) DataType.fromJson(m.trainingSchema().toString());
      return new RegisteredRun(m.registry(), m.runId(), dir.toString(), m.pipeline(), m.mbtRunId(), m.experiment(),
          m.tags() == null ? List.of() : m.tags(), m.params() == null ? Map.of() : m.params(), m.metrics() == null ? Map.of() : m.metrics(),
          Instant.parse(m.createdAt()), m.status(), m.label(), schema, new Path(dir, MODEL).toString(), new Path(dir, TRANSFORMS).toString(),
          new Path(dir, METRICS).toString(), Optional.empty());
    } catch (IOException e) {
      throw new RegistryException("reading the artifact snapshot at " + dirUri + " failed: " + e
          + "; run `mbt compile` to take it again", e);
    }
  }

  private static Optional<Manifest> readManifest(FileSystem fs, Path dir) throws IOException {
    Path file = new Path(dir, MANIFEST);
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(file)) {
      return Optional.of(ManifestJson.mapper().readValue(in, Manifest.class));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      return Optional.empty();
    }
  }

  /** The old snapshot goes aside first, so the directory never holds a mix of two runs. */
  private static void replace(FileSystem fs, Path tmp, Path dir) throws IOException {
    Path old = new Path(dir.getParent(), "_old-" + dir.getName() + "-" + UUID.randomUUID());
    boolean hadOld = fs.exists(dir);
    if (hadOld && !fs.rename(dir, old)) {
      throw new IOException("cannot move the old snapshot " + dir + " aside");
    }
    if (!fs.rename(tmp, dir)) {
      if (hadOld) {
        fs.rename(old, dir);
      }
      throw new IOException("cannot move " + tmp + " to " + dir);
    }
    if (hadOld) {
      fs.delete(old, true);
    }
  }

  private static void copy(FileSystem to, String from, Path target, Configuration hadoop) throws IOException {
    Path source = new Path(from);
    FileSystem fs = source.getFileSystem(hadoop);
    if (!FileUtil.copy(fs, source, to, target, false, hadoop)) {
      throw new IOException("copying " + from + " to " + target + " failed");
    }
  }

  /** sha256 of every file under {@code root}, by path relative to it; Hadoop's .crc side files left out. */
  private static Map<String, String> digests(FileSystem fs, Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    String prefix = fs.makeQualified(root).toUri().getPath();
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
    while (files.hasNext()) {
      FileStatus f = files.next();
      String name = f.getPath().getName();
      if (name.startsWith(".") && name.endsWith(".crc")) {
        continue;
      }
      String relative = f.getPath().toUri().getPath().substring(prefix.length()).replaceFirst("^/", "");
      out.put(relative, sha256(fs, f.getPath()));
    }
    return out;
  }

  private static String sha256(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(FileSystem fs, Path file, byte[] content) throws IOException {
    try (OutputStream out = fs.create(file, false)) {
      out.write(content);
    }
  }
}
