package io.mbt.mf.admission;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Reads by-reference inputs (policy profiles, dataset manifests) through Hadoop's FileSystem, with
 * bounded retries for transient failures, and tells the three failures apart (MF-B2, MF-C2): the
 * reference does not exist (HARD), access is denied (HARD), the store did not answer (TRANSIENT).
 */
public final class RefReader {
  private final Configuration hadoop;
  private final Path baseDirectory;
  private final int attempts;
  private final Duration pause;

  /**
   * @param baseDirectory what relative references are relative to (the project root)
   * @param attempts how many reads before a transient failure is reported
   */
  public RefReader(Configuration hadoop, Path baseDirectory, int attempts, Duration pause) {
    this.hadoop = hadoop;
    this.baseDirectory = baseDirectory;
    this.attempts = attempts;
    this.pause = pause;
  }

  /** A reference that cannot be resolved, classified. */
  public static final class RefException extends Exception {
    private final Reason reason;

    public RefException(Reason reason, Throwable cause) {
      super(reason.message(), cause);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  /** The absolute URI of {@code ref}: relative references resolve against the base directory; wildcards and "latest" are refused. */
  public URI resolve(String ref) throws RefException {
    String lower = ref.toLowerCase(Locale.ROOT);
    if (ref.isBlank() || ref.contains("*") || ref.contains("?") || lower.endsWith("/latest") || lower.contains("/latest/") || lower.equals("latest")) {
      throw new RefException(Reason.of(ReasonCode.REF_INVALID_FORMAT, ref, "'" + ref + "' is not a pinned reference: wildcards and "
          + "'latest' are not allowed (MF reads only what a request pins); name one immutable file"), null);
    }
    try {
      URI uri = new URI(ref);
      if (uri.getScheme() == null) {
        return baseDirectory.resolve(ref).normalize().toUri();
      }
      if (uri.getPath() == null || uri.getPath().isEmpty()) {
        throw new URISyntaxException(ref, "no path");
      }
      return uri;
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new RefException(Reason.of(ReasonCode.REF_INVALID_FORMAT, ref, "'" + ref + "' is not a valid URI or path: " + e.getMessage()), e);
    }
  }

  /** The bytes of {@code ref}. */
  public byte[] read(String ref) throws RefException {
    URI uri = resolve(ref);
    IOException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs = path.getFileSystem(hadoop);
        try (InputStream in = fs.open(path)) {
          return in.readAllBytes();
        }
      } catch (IOException e) {
        // Denial first: the local file system reports EACCES as a FileNotFoundException.
        if (isDenied(e)) {
          throw new RefException(Reason.of(ReasonCode.REF_ACCESS_DENIED, ref, "access to " + ref + " was denied: " + e.getMessage()
              + "; grant the MF principal read access to it"), e);
        }
        if (e instanceof FileNotFoundException) {
          throw new RefException(Reason.of(ReasonCode.REF_NOT_FOUND, ref, ref + " does not exist (" + uri + ")"), e);
        }
        if (!isTransient(e)) {
          throw new RefException(Reason.of(ReasonCode.REF_NOT_FOUND, ref, ref + " cannot be read: " + e.getMessage()), e);
        }
        last = e;
        sleep(pause.multipliedBy(attempt));
      }
    }
    throw new RefException(Reason.of(ReasonCode.RESOLVE_TIMEOUT_TRANSIENT, ref, ref + " did not answer after " + attempts + " tries ("
        + last.getMessage() + "); the request can be submitted again once the store is reachable"), last);
  }

  /**
   * Whether the store refused access, as Hadoop's file systems say it: HDFS and Hadoop-auth stores
   * throw AccessControlException, the shell-style ones PathAccessDeniedException or
   * PathPermissionException, S3A and GCS java.nio's AccessDeniedException (HTTP 403), and the
   * local file system a FileNotFoundException "(Permission denied)" from java.io.
   */
  public static boolean isDenied(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AccessDeniedException || t instanceof org.apache.hadoop.security.AccessControlException
          || t instanceof org.apache.hadoop.fs.PathAccessDeniedException || t instanceof org.apache.hadoop.fs.PathPermissionException
          || t instanceof FileNotFoundException && t.getMessage() != null
              && (t.getMessage().endsWith("(Permission denied)") || t.getMessage().endsWith("(Access is denied)"))) {
        return true;
      }
    }
    return false;
  }

  public static boolean isTransient(IOException e) {
    Throwable t = e;
    while (t != null) {
      // SocketException covers ConnectException and a connection reset or refused mid-read.
      if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException || t instanceof SocketException
          || t instanceof UnknownHostException || (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("timed out"))) {
        return true;
      }
      t = t.getCause();
    }
    return false;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
