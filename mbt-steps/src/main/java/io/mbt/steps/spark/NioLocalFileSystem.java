package io.mbt.steps.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * Hadoop's checksummed local file system ({@code file://}) with permissions set and read through
 * {@code java.nio} instead of a child process per file.
 *
 * <p>Without Hadoop's native library (which a Maven classpath, a pip-installed pyspark and most
 * laptops lack), {@link RawLocalFileSystem} runs {@code chmod} for every directory and file it
 * creates and {@code ls -ld} for every status whose permission is read, about 4 ms each: some 500
 * processes per local training run, most of them while Spark ML writes its models' metadata. The
 * embedded session ({@link SparkSessions}) installs this class as {@code fs.file.impl}; behaviour is
 * otherwise Hadoop's own (checksum files, rename, listing order), except that {@code
 * create(overwrite=false)} is atomic (see {@link Raw}), which Hadoop's contract implies and its
 * local implementation does not give. Where POSIX attributes are not available, or for a sticky
 * bit, it falls back to Hadoop's implementation.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The raw (unchecksummed) part, which is where Hadoop runs the child processes. */
  public static final class Raw extends RawLocalFileSystem {
    // create(overwrite=false): Hadoop checks that the file does not exist, then opens it, so two
    // writers racing for the same name may both succeed. Creating it with O_EXCL first makes the
    // check and the creation one step: the loser gets FileAlreadyExistsException.
    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize, Progressable progress)
        throws IOException {
      if (overwrite) {
        return super.create(f, true, bufferSize, replication, blockSize, progress);
      }
      reserve(f, true);
      return openReserved(f, () -> super.create(f, true, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication, long blockSize,
        Progressable progress) throws IOException {
      if (overwrite) {
        return super.create(f, permission, true, bufferSize, replication, blockSize, progress);
      }
      reserve(f, true);
      return openReserved(f, () -> super.create(f, permission, true, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication,
        long blockSize, Progressable progress) throws IOException {
      if (overwrite) {
        return super.createNonRecursive(f, permission, true, bufferSize, replication, blockSize, progress);
      }
      reserve(f, false);
      return openReserved(f, () -> super.createNonRecursive(f, permission, true, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, EnumSet<CreateFlag> flags, int bufferSize,
        short replication, long blockSize, Progressable progress) throws IOException {
      if (flags.contains(CreateFlag.OVERWRITE)) {
        return super.createNonRecursive(f, permission, flags, bufferSize, replication, blockSize, progress);
      }
      reserve(f, false);
      EnumSet<CreateFlag> overwrite = EnumSet.copyOf(flags);
      overwrite.add(CreateFlag.OVERWRITE);
      return openReserved(f, () -> super.createNonRecursive(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    private interface Open {
      FSDataOutputStream open() throws IOException;
    }

    /** Opens the file {@link #reserve} created; if that fails, removes it, so the name is free again. */
    private FSDataOutputStream openReserved(Path f, Open open) throws IOException {
      try {
        return open.open();
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(pathToFile(f).toPath());
        throw e;
      }
    }

    /** Creates {@code f} empty, failing if it exists. */
    private void reserve(Path f, boolean createParent) throws IOException {
      Path parent = f.getParent();
      if (createParent && parent != null && !mkdirs(parent)) {
        throw new IOException("Mkdirs failed to create " + parent);
      }
      try {
        Files.createFile(pathToFile(f).toPath());
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new FileAlreadyExistsException("File already exists: " + f);
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("Parent directory doesn't exist: " + parent);
      }
    }

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
      } catch (FileSystemException e) {
        throw missing(p, e);
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission);
      }
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
      java.nio.file.Path file = pathToFile(f).toPath();
      PosixFileAttributes attributes;
      try {
        attributes = Files.readAttributes(file, PosixFileAttributes.class);
      } catch (FileSystemException e) {
        throw missing(f, e);
      } catch (UnsupportedOperationException e) {
        return super.getFileStatus(f);
      }
      return status(f, attributes);
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      java.nio.file.Path file = pathToFile(f).toPath();
      PosixFileAttributes attributes;
      try {
        attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (FileSystemException e) {
        throw missing(f, e);
      } catch (UnsupportedOperationException e) {
        return super.getFileLinkStatus(f);
      }
      if (attributes.isSymbolicLink()) {
        return super.getFileLinkStatus(f); // rare; Hadoop's symlink handling as it is
      }
      return status(f, attributes);
    }

    /**
     * Hadoop's answer for a path {@code java.io.File} says does not exist (no such file, or a file
     * where a directory was expected: "Not a directory"): FileNotFoundException; else the error.
     */
    private IOException missing(Path f, FileSystemException e) {
      if (e instanceof NoSuchFileException || !pathToFile(f).exists()) {
        return new FileNotFoundException("File " + f + " does not exist");
      }
      return e;
    }

    private FileStatus status(Path f, PosixFileAttributes attributes) {
      boolean directory = attributes.isDirectory();
      return new FileStatus(directory ? 0 : attributes.size(), directory, 1, getDefaultBlockSize(f),
          attributes.lastModifiedTime().toMillis(), attributes.lastAccessTime().toMillis(), hadoop(attributes.permissions()),
          attributes.owner().getName(), attributes.group().getName(), f.makeQualified(getUri(), getWorkingDirectory()));
    }
  }

  /** Both sides speak the symbolic form {@code rwxr-x---} (sticky bits never get here). */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    return PosixFilePermissions.fromString(permission.toString());
  }

  static FsPermission hadoop(Set<PosixFilePermission> permissions) {
    return FsPermission.valueOf("-" + PosixFilePermissions.toString(permissions));
  }
}
