package io.mbt.steps.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Creates a registry file only if it does not exist yet, so that of two writers racing for one
 * name exactly one wins.
 *
 * <p>On local files ({@code file:}) this is exact: the content is written to a temporary sibling
 * and hard-linked into place ({@code link(2)} fails if the name exists), so the file appears whole
 * or not at all; where hard links are unsupported, an exclusive create ({@code O_EXCL}) is used and
 * a reader may briefly see the file empty. Hadoop's own local {@code create(path, false)} checks
 * and then creates, so two writers can both "win" it. On HDFS {@code create(path, false)} is
 * exclusive. On object stores (s3a, gs, abfs) it is not: two writers at the same instant may both
 * succeed and the last one's content stays — callers read the file back to see whose it is, which
 * narrows but does not close that window.
 */
final class ExclusiveFiles {
  private ExclusiveFiles() {}

  /** Creates {@code file} with {@code content}; false if it exists already (another writer was first). */
  static boolean create(FileSystem fs, Path file, byte[] content) throws IOException {
    if ("file".equals(fs.getScheme())) {
      return createLocal(Paths.get(fs.makeQualified(file).toUri()), content);
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(content);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private static boolean createLocal(java.nio.file.Path target, byte[] content) throws IOException {
    Files.createDirectories(target.getParent());
    if (Files.exists(target)) {
      return false;
    }
    java.nio.file.Path tmp = target.resolveSibling("_tmp-" + UUID.randomUUID() + "-" + target.getFileName());
    try {
      Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.createLink(target, tmp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | java.nio.file.FileSystemException noHardLinks) {
        return createExclusively(target, content);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static boolean createExclusively(java.nio.file.Path target, byte[] content) throws IOException {
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(content);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }
}
