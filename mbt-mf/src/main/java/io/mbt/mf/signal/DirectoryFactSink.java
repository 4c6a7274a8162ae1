package io.mbt.mf.signal;

import static java.util.Objects.requireNonNull;

import io.mbt.mf.identity.CanonicalJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Control facts as one JSON file each under a directory ({@code file:} or {@code s3a:}): {@code
 * <dir>/<event type>/<timestamp>-<uuid>.json}, written whole (temp file, then rename) so a consumer
 * listing the directory never reads half a fact.
 */
public final class DirectoryFactSink implements ControlFactSink {
  private final String directory;
  private final Configuration hadoop;

  public DirectoryFactSink(String directory, Configuration hadoop) {
    this.directory = requireNonNull(directory, "directory is null");
    this.hadoop = requireNonNull(hadoop, "hadoop is null");
  }

  @Override
  public void publish(String eventType, Map<String, Object> fact) {
    String name = String.valueOf(fact.getOrDefault("ts", "")).replace(":", "") + "-" + UUID.randomUUID() + ".json";
    Path target = new Path(directory + "/" + eventType + "/" + name);
    Path temp = new Path(target.getParent(), "." + name + ".tmp");
    try {
      FileSystem fs = target.getFileSystem(hadoop);
      try (OutputStream out = fs.create(temp, false)) {
        out.write(CanonicalJson.bytes(fact));
      }
      if (!fs.rename(temp, target)) {
        throw new IOException("cannot rename " + temp + " to " + target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write control fact " + eventType + " to " + directory + ": " + e.getMessage(), e);
    }
  }
}
