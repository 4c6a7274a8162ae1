package io.mbt.steps.delta;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Failure injection: local files for Hadoop's FileContext ({@code
 * fs.AbstractFileSystem.file.impl}) whose renames wait {@value #DELAY_KEY} milliseconds (default
 * 300) after FileContext has checked that the target is absent, as a paused process, a loaded disk
 * or a network file system would. Delta's default store for {@code file://} publishes commits with
 * exactly that check-then-rename, so the window in which two processes both "create" a version,
 * microseconds on an idle local disk, becomes wide enough to hit every time.
 */
public final class SlowRenameLocalFs extends DelegateToFileSystem {
  static final String DELAY_KEY = "mbt.test.slow_rename_ms";

  public SlowRenameLocalFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
    super(uri, new SlowRename(conf.getLong(DELAY_KEY, 300)), conf, "file", false);
  }

  @Override
  public int getUriDefaultPort() {
    return -1;
  }

  /** The raw local file system underneath, with the slow rename. */
  static final class SlowRename extends RawLocalFileSystem {
    private final long delayMillis;

    SlowRename(long delayMillis) {
      this.delayMillis = delayMillis;
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted before renaming " + src);
      }
      return super.rename(src, dst);
    }
  }
}
