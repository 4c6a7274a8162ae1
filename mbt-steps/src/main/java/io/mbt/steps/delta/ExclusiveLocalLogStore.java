package io.mbt.steps.delta;

import io.mbt.steps.StepsErrors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A Delta {@code LogStore} for local files ({@code file://}) that excludes concurrent writers across
 * processes, not only within one JVM.
 *
 * <p>Delta's default for {@code file://} checks that a commit file does not exist and then renames
 * its temporary file onto it; a local rename replaces an existing file, so two processes can both
 * "commit" version N and one commit silently replaces the other. This store writes the commit fully
 * to a temporary file in the same directory (flushed to disk), then publishes it with a hard link
 * ({@code link(2)}), which fails if the name exists: exactly one writer gets version N, every other
 * one gets {@link FileAlreadyExistsException}, which makes Delta check for conflicts and retry at
 * the next version. Readers never see a partial commit file.
 *
 * <p>{@code overwrite=true} writes (Delta's {@code _last_checkpoint}) replace the file atomically
 * with a rename. Reading and listing go through the Hadoop file system of the path, which must be
 * Hadoop's local file system or a subclass ({@code LocalFileSystem}, {@code RawLocalFileSystem},
 * MBT's {@code NioLocalFileSystem}). The directory must be on a file system with hard links (ext4,
 * xfs, btrfs, tmpfs, APFS, NFSv3+, …); where there are none, writes fail with an {@link IOException}
 * that says so, never falling back to a non-exclusive publish.
 *
 * <p>Enable it with {@code spark.delta.logStore.file.impl=io.mbt.steps.delta.ExclusiveLocalLogStore}
 * (the embedded session sets it).
 */
public final class ExclusiveLocalLogStore extends io.delta.storage.HadoopFileSystemLogStore {

  /** Delta constructs LogStores reflectively with this signature. */
  public ExclusiveLocalLogStore(Configuration hadoopConf) {
    super(hadoopConf);
  }

  /**
   * Writes {@code actions}, one per line, to {@code path}.
   *
   * @throws FileAlreadyExistsException if {@code overwrite} is false and {@code path} exists,
   *     including when another process published it first
   * @throws FileNotFoundException if the parent directory does not exist
   * @throws IOException if the path is not on Hadoop's local file system, if its file system has
   *     no hard links, or if writing fails; no partial file is left under {@code path}'s name
   */
  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration hadoopConf)
      throws IOException {
    java.nio.file.Path target = localPath(path, hadoopConf);
    java.nio.file.Path directory = target.getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      throw new FileNotFoundException("No such file or directory: " + path.getParent());
    }
    if (!overwrite && Files.exists(target)) {
      throw new FileAlreadyExistsException(path.toString());
    }
    java.nio.file.Path temporary =
        directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      writeDurably(temporary, LogLines.bytes(actions));
      if (overwrite) {
        // A checksum file of an earlier version would fail every read through a checksummed
        // file system: remove it before the new content appears.
        Files.deleteIfExists(directory.resolve("." + target.getFileName() + ".crc"));
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        publishExclusively(temporary, target, path);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Local files are written piece by piece: Delta must write its checkpoints through a rename. */
  @Override
  public Boolean isPartialWriteVisible(Path path, Configuration hadoopConf) {
    return true;
  }

  private static void writeDurably(java.nio.file.Path file, byte[] content) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  private static void publishExclusively(java.nio.file.Path temporary, java.nio.file.Path target, Path path)
      throws IOException {
    try {
      Files.createLink(target, temporary);
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(path.toString());
    } catch (UnsupportedOperationException e) {
      throw StepsErrors.hardLinksUnsupported(path.getParent().toString(), e);
    } catch (FileSystemException e) {
      // EPERM from link(2): "the file system … does not support the creation of hard links".
      if (e.getReason() != null && e.getReason().contains("Operation not permitted")) {
        throw StepsErrors.hardLinksUnsupported(path.getParent().toString(), e);
      }
      throw e;
    }
  }

  /** The local file behind {@code path}, resolved by the Hadoop file system that serves it. */
  private static java.nio.file.Path localPath(Path path, Configuration hadoopConf) throws IOException {
    FileSystem fs = path.getFileSystem(hadoopConf);
    if (fs instanceof LocalFileSystem local) {
      return local.pathToFile(path).toPath();
    }
    if (fs instanceof RawLocalFileSystem raw) {
      return raw.pathToFile(path).toPath();
    }
    throw StepsErrors.notALocalFileSystem(path.toString(), fs.getClass().getName());
  }
}
