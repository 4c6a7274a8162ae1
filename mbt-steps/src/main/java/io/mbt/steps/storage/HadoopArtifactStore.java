package io.mbt.steps.storage;

import static java.util.Objects.requireNonNull;

import io.mbt.steps.StepsErrors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An {@link ArtifactStore} over the Hadoop FileSystem API, so one implementation serves {@code
 * file://}, {@code s3a://}, {@code abfs://}, {@code gs://} and HDFS.
 *
 * <p>A write goes to {@code _tmp-<uuid>-<name>} in the artifact's directory and is renamed onto the
 * artifact's name when complete. Renaming onto an existing artifact replaces it atomically where
 * the file system's rename does (local files, HDFS); elsewhere the old artifact is deleted first,
 * so a reader may briefly see none, but never a partial one. On object stores a single PUT is
 * already atomic and the rename is a server-side copy.
 */
final class HadoopArtifactStore implements ArtifactStore {
  private final String root;
  private final FileSystem fileSystem;
  private final Retrier retrier;

  /**
   * @param root the root URI, with a scheme, without a trailing slash
   * @param fileSystem the file system that serves {@code root}
   */
  HadoopArtifactStore(String root, FileSystem fileSystem, Retrier retrier) {
    this.root = requireNonNull(root, "root is null");
    this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
    this.retrier = requireNonNull(retrier, "retrier is null");
  }

  @Override
  public String root() {
    return root;
  }

  @Override
  public String uri(String runId, String step, String name) {
    return stepUri(runId, step) + "/" + ArtifactNames.check("artifact name", name);
  }

  @Override
  public void put(String runId, String step, String name, ArtifactWriter writer) {
    requireNonNull(writer, "writer is null");
    String uri = uri(runId, step, name);
    Path target = new Path(uri);
    retrier.call("write", uri, () -> {
      Path temporary =
          new Path(target.getParent(), ArtifactNames.TEMPORARY_PREFIX + UUID.randomUUID() + "-" + name);
      try {
        try (FSDataOutputStream out = fileSystem.create(temporary, false)) {
          writer.writeTo(out);
        }
        commit(temporary, target);
      } catch (IOException | RuntimeException e) {
        deleteQuietly(temporary);
        throw e;
      }
      return null;
    });
  }

  private void commit(Path temporary, Path target) throws IOException {
    if (fileSystem.rename(temporary, target)) {
      return;
    }
    // Most file systems refuse to rename onto an existing file: replace it.
    if (fileSystem.exists(target) && fileSystem.delete(target, true)
        && fileSystem.rename(temporary, target)) {
      return;
    }
    throw new IOException("could not rename " + temporary + " to " + target);
  }

  private void deleteQuietly(Path path) {
    try {
      fileSystem.delete(path, false);
    } catch (IOException | RuntimeException ignored) {
      // Best effort: a leftover temporary file is invisible to readers.
    }
  }

  @Override
  public byte[] get(String runId, String step, String name) {
    String uri = uri(runId, step, name);
    Optional<byte[]> content = retrier.call("read", uri, () -> {
      try (FSDataInputStream in = fileSystem.open(new Path(uri))) {
        return Optional.of(in.readAllBytes());
      } catch (FileNotFoundException e) {
        return Optional.empty();
      }
    });
    return content.orElseThrow(() -> StepsErrors.artifactNotFound(uri, list(runId, step)));
  }

  @Override
  public boolean exists(String runId, String step, String name) {
    String uri = uri(runId, step, name);
    return retrier.call("check", uri, () -> fileSystem.exists(new Path(uri)));
  }

  @Override
  public List<String> list(String runId, String step) {
    String uri = stepUri(runId, step);
    return retrier.call("list", uri, () -> {
      FileStatus[] entries;
      try {
        entries = fileSystem.listStatus(new Path(uri));
      } catch (FileNotFoundException e) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (FileStatus entry : entries) {
        String entryName = entry.getPath().getName();
        if (ArtifactNames.isVisible(entryName)) {
          names.add(entryName);
        }
      }
      Collections.sort(names);
      return List.copyOf(names);
    });
  }

  @Override
  public boolean delete(String runId, String step, String name) {
    String uri = uri(runId, step, name);
    return retrier.call("delete", uri, () -> fileSystem.delete(new Path(uri), true));
  }

  private String stepUri(String runId, String step) {
    return root + "/" + ArtifactNames.check("run id", runId) + "/"
        + ArtifactNames.check("step name", step);
  }

  @Override
  public String toString() {
    return "HadoopArtifactStore[" + root + "]";
  }
}
