package io.mbt.mf.testing;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathPermissionException;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.security.AccessControlException;

/**
 * The local file system under the scheme {@code faulty://} (the path is a local path), whose
 * {@code open} and {@code getFileStatus} throw what a real store throws for paths a rule names:
 * failures are injected below Hadoop's {@code FileSystem} API, so the code under test classifies
 * the very exception types it meets in production.
 *
 * <p>Install it on a {@link Configuration} with {@link #install}; the returned {@link Faults} holds
 * the rules and what was opened, and can be changed while the configuration is in use (Hadoop's
 * file system cache is disabled for the scheme, so every {@code getFileSystem} sees the current
 * rules).
 */
public final class FaultyFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "faulty";
  private static final URI NAME = URI.create(SCHEME + ":///");
  private static final String FAULTS_KEY = "mbt.test.faulty.faults";
  private static final Map<String, Faults> INSTALLED = new ConcurrentHashMap<>();

  /** A failure as a real store reports it. */
  public enum Fault {
    /** HDFS, ABFS with Hadoop auth, Ranger: {@code org.apache.hadoop.security.AccessControlException}. */
    ACCESS_CONTROL(p -> new AccessControlException("Permission denied: user=mf, access=READ, inode=\"" + p.toUri().getPath() + "\"")),
    /** Hadoop's shell-style {@code PathPermissionException} ("Operation not permitted"). */
    PATH_PERMISSION(p -> new PathPermissionException(p.toString())),
    /** S3A and GCS map HTTP 403 to {@code java.nio.file.AccessDeniedException}. */
    NIO_ACCESS_DENIED(p -> new AccessDeniedException(p.toString(), null, "getFileStatus on " + p + ": 403 Forbidden")),
    /**
     * The local file system: {@code java.io.FileInputStream} reports EACCES as a
     * FileNotFoundException whose message ends with "(Permission denied)".
     */
    LOCAL_PERMISSION_DENIED(p -> new FileNotFoundException(p.toUri().getPath() + " (Permission denied)")),
    /** A read that timed out. */
    SOCKET_TIMEOUT(p -> new SocketTimeoutException("Read timed out (injected) reading " + p)),
    /** A connection the store dropped. */
    CONNECTION_RESET(p -> new SocketException("Connection reset (injected) reading " + p));

    private final Function<Path, IOException> exception;

    Fault(Function<Path, IOException> exception) {
      this.exception = exception;
    }

    public IOException at(Path path) {
      return exception.apply(path);
    }
  }

  /** The rules of one installation, and the paths opened through it. */
  public static final class Faults {
    private final Map<String, Fault> bySuffix = new ConcurrentHashMap<>();
    private final List<String> opened = new CopyOnWriteArrayList<>();

    /** Every open and status of a path ending with {@code pathSuffix} fails with {@code fault}. */
    public Faults fail(String pathSuffix, Fault fault) {
      bySuffix.put(pathSuffix, fault);
      return this;
    }

    /** The store answers again. */
    public Faults clear() {
      bySuffix.clear();
      return this;
    }

    /** The paths {@code open} was called with (failed or not), in order. */
    public List<String> opened() {
      return new ArrayList<>(opened);
    }

    private void check(Path path) throws IOException {
      String p = path.toUri().getPath();
      for (Map.Entry<String, Fault> rule : bySuffix.entrySet()) {
        if (p.endsWith(rule.getKey())) {
          throw rule.getValue().at(path);
        }
      }
    }
  }

  /** Registers the scheme on {@code hadoop} (uncached) and returns its rules. */
  public static Faults install(Configuration hadoop) {
    String id = UUID.randomUUID().toString();
    Faults faults = new Faults();
    INSTALLED.put(id, faults);
    hadoop.set("fs." + SCHEME + ".impl", FaultyFileSystem.class.getName());
    hadoop.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    hadoop.set(FAULTS_KEY, id);
    return faults;
  }

  /** The {@code faulty://} URI of a local file. */
  public static String uriOf(java.nio.file.Path local) {
    return SCHEME + "://" + local.toAbsolutePath().normalize().toUri().getPath();
  }

  private Faults faults = new Faults();

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(uri, conf);
    Faults installed = INSTALLED.get(conf.get(FAULTS_KEY, ""));
    if (installed == null) {
      throw new IOException("no faults installed for " + uri + "; use FaultyFileSystem.install(conf)");
    }
    this.faults = installed;
  }

  // Called from RawLocalFileSystem's constructor (working directory), so it must not read fields.
  @Override
  public URI getUri() {
    return NAME;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    faults.opened.add(f.toUri().getPath());
    faults.check(f);
    return super.open(f, bufferSize);
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    faults.check(f);
    return super.getFileStatus(f);
  }
}
