package io.mbt.steps.storage;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * Local files under the {@code flaky://} scheme, whose first {@code flaky.failures} creates, opens
 * and listings throw an IOException. Configure with {@code fs.flaky.impl} and {@code
 * fs.flaky.impl.disable.cache=true}, so each store gets its own instance and count.
 */
public final class FlakyFileSystem extends RawLocalFileSystem {
  static final String FAILURES = "flaky.failures";

  private int failuresLeft;

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(uri, conf);
    failuresLeft = conf.getInt(FAILURES, 0);
  }

  @Override
  public URI getUri() {
    return URI.create("flaky:///");
  }

  @Override
  public String getScheme() {
    return "flaky";
  }

  private synchronized void maybeFail(String operation, Path path) throws IOException {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new IOException("injected failure of " + operation + " " + path);
    }
  }

  @Override
  public FSDataOutputStream create(
      Path path, FsPermission permission, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    maybeFail("create", path);
    return super.create(path, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(
      Path path, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    maybeFail("create", path);
    return super.create(path, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataInputStream open(Path path, int bufferSize) throws IOException {
    maybeFail("open", path);
    return super.open(path, bufferSize);
  }

  @Override
  public FileStatus[] listStatus(Path path) throws IOException {
    maybeFail("list", path);
    return super.listStatus(path);
  }
}
