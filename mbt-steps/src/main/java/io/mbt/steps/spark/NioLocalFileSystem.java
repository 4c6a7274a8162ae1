package io.mbt.steps.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
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
      if (!overwrite) {
        reserve(f, true);
      }
      return super.create(f, true, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication, long blockSize,
        Progressable progress) throws IOException {
      if (!overwrite) {
        reserve(f, true);
      }
      return super.create(f, permission, true, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication,
        long blockSize, Progressable progress) throws IOException {
      if (!overwrite) {
        reserve(f, false);
      }
      return super.createNonRecursive(f, permission, true, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, EnumSet<CreateFlag> flags, int bufferSize,
        short replication, long blockSize, Progressable progress) throws IOException {
      if (!flags.contains(CreateFlag.OVERWRITE)) {
        reserve(f, false);
        flags = EnumSet.copyOf(flags);
        flags.add(CreateFlag.OVERWRITE);
      }
      return super.createNonRecursive(f, permission, flags, bufferSize, replication, blockSize, progress);
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

  static Set<PosixFilePermission> posix(FsPermission permission) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    add(set, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    add(set, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE);
    add(set, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    return set;
  }

  private static void add(Set<PosixFilePermission> set, FsAction action, PosixFilePermission read, PosixFilePermission write,
      PosixFilePermission execute) {
    if (action.implies(FsAction.READ)) {
      set.add(read);
    }
    if (action.implies(FsAction.WRITE)) {
      set.add(write);
    }
    if (action.implies(FsAction.EXECUTE)) {
      set.add(execute);
    }
  }

  static FsPermission hadoop(Set<PosixFilePermission> permissions) {
    return new FsPermission(
        action(permissions, PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE),
        action(permissions, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE),
        action(permissions, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));
  }

  private static FsAction action(Set<PosixFilePermission> permissions, PosixFilePermission read, PosixFilePermission write,
      PosixFilePermission execute) {
    FsAction action = FsAction.NONE;
    if (permissions.contains(read)) {
      action = action.or(FsAction.READ);
    }
    if (permissions.contains(write)) {
      action = action.or(FsAction.WRITE);
    }
    if (permissions.contains(execute)) {
      action = action.or(FsAction.EXECUTE);
    }
    return action;
  }
}
