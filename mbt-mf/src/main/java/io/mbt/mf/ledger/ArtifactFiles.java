package io.mbt.mf.ledger;

import io.mbt.mf.engine.ArtifactLocator;
import io.mbt.mf.identity.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Immutable artifacts under the MF root and their digests (MF-H5, H6). Files are written once
 * (temp file, then a rename that never replaces); directories are digested over every file by
 * relative path, so a locator proves "these bytes are what we referenced".
 */
public final class ArtifactFiles {
  private final Configuration hadoop;

  public ArtifactFiles(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /**
   * Writes {@code bytes} to {@code uri} once. Writing the same bytes again is a no-op.
   *
   * @throws IllegalStateException if {@code uri} already holds other bytes (an immutability conflict)
   */
  public ArtifactLocator writeOnce(String kind, String uri, byte[] bytes) {
    Path target = new Path(uri);
    try {
      FileSystem fs = target.getFileSystem(hadoop);
      String digest = Digests.sha256(bytes);
      if (!fs.exists(target)) {
        Path temp = new Path(target.getParent(), "." + target.getName() + "." + java.util.UUID.randomUUID() + ".tmp");
        fs.mkdirs(target.getParent());
        try (OutputStream out = fs.create(temp, false)) {
          out.write(bytes);
        }
        if (!fs.rename(temp, target)) {
          fs.delete(temp, false); // another writer got there first: compare below
        }
      }
      ArtifactLocator existing = locate(kind, uri);
      if (!existing.sha256().equals(digest)) {
        throw new IllegalStateException(uri + " already holds other bytes (" + existing.sha256() + ", expected " + digest
            + "): MF artifacts are immutable");
      }
      return existing;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + uri + ": " + e.getMessage(), e);
    }
  }

  /** The locator of an existing file or directory: its digest and size. */
  public ArtifactLocator locate(String kind, String uri) {
    Path root = new Path(uri);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      FileStatus status = fs.getFileStatus(root);
      if (status.isFile()) {
        MessageDigest md = Digests.digest();
        try (InputStream in = fs.open(root)) {
          update(md, in);
        }
        return new ArtifactLocator(kind, root.toString(), Digests.PREFIX + HexFormat.of().formatHex(md.digest()), status.getLen());
      }
      List<FileStatus> files = new ArrayList<>();
      collect(fs, root, files);
      files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
      MessageDigest tree = Digests.digest();
      long bytes = 0;
      String prefix = fs.getFileStatus(root).getPath().toString();
      for (FileStatus file : files) {
        MessageDigest md = Digests.digest();
        try (InputStream in = fs.open(file.getPath())) {
          update(md, in);
        }
        String relative = file.getPath().toString().substring(prefix.length());
        tree.update((relative + "\0" + HexFormat.of().formatHex(md.digest()) + "\n").getBytes(StandardCharsets.UTF_8));
        bytes += file.getLen();
      }
      return new ArtifactLocator(kind, root.toString(), Digests.PREFIX + HexFormat.of().formatHex(tree.digest()), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri + " to digest it: " + e.getMessage(), e);
    }
  }

  /** Whether the artifact at the locator's uri still has the locator's digest. */
  public boolean verify(ArtifactLocator locator) {
    try {
      return locate(locator.kind(), locator.uri()).sha256().equals(locator.sha256());
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** Whether a file or directory exists at {@code uri}. */
  public boolean exists(String uri) {
    Path path = new Path(uri);
    try {
      return path.getFileSystem(hadoop).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for " + uri + ": " + e.getMessage(), e);
    }
  }

  public byte[] read(String uri) {
    Path path = new Path(uri);
    try (InputStream in = path.getFileSystem(hadoop).open(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri + ": " + e.getMessage(), e);
    }
  }

  private static void collect(FileSystem fs, Path dir, List<FileStatus> out) throws IOException {
    FileStatus[] children = fs.listStatus(dir);
    Arrays.sort(children);
    for (FileStatus child : children) {
      String name = child.getPath().getName();
      if (name.startsWith(".") && name.endsWith(".crc")) {
        continue; // Hadoop's checksum side files are not content
      }
      if (child.isDirectory()) {
        collect(fs, child.getPath(), out);
      } else {
        out.add(child);
      }
    }
  }

  private static void update(MessageDigest md, InputStream in) throws IOException {
    byte[] buffer = new byte[1 << 16];
    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
      md.update(buffer, 0, n);
    }
  }
}
