package io.mbt.steps.storage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Opens {@link ArtifactStore}s. */
public final class ArtifactStores {
  private ArtifactStores() {}

  /**
   * A store over the Hadoop FileSystem that serves {@code rootUri}, configured by {@code
   * hadoopConf} (credentials, endpoints). A root without a scheme is resolved against the default
   * file system, usually local files.
   */
  public static ArtifactStore hadoop(String rootUri, Configuration hadoopConf, RetryPolicy retry) {
    return hadoop(rootUri, hadoopConf, retry, Retrier.Sleeper.REAL);
  }

  /**
   * A store configured like {@code spark}'s Hadoop configuration, with its retry policy read from
   * {@code conf} ({@link RetryPolicy#KEYS}).
   */
  public static ArtifactStore hadoop(SparkSession spark, String rootUri, Map<String, String> conf) {
    return hadoop(
        rootUri, spark.sparkContext().hadoopConfiguration(), RetryPolicy.fromConf(conf));
  }

  static ArtifactStore hadoop(
      String rootUri, Configuration hadoopConf, RetryPolicy retry, Retrier.Sleeper sleeper) {
    requireNonNull(rootUri, "rootUri is null");
    requireNonNull(hadoopConf, "hadoopConf is null");
    String trimmed = rootUri.strip();
    while (trimmed.length() > 1 && trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException(
          "artifact store root is empty; give a URI such as file:///data/artifacts or"
              + " s3a://bucket/prefix");
    }
    try {
      Path rootPath = new Path(trimmed);
      FileSystem fileSystem = rootPath.getFileSystem(hadoopConf);
      String root =
          URI.create(trimmed).getScheme() == null
              ? fileSystem.makeQualified(rootPath).toString()
              : trimmed;
      return new HadoopArtifactStore(root, fileSystem, new Retrier(retry, sleeper));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the file system of artifact store root " + rootUri + ": " + e.getMessage()
              + ". Check the scheme and that its connector (e.g. hadoop-aws for s3a) is on the"
              + " class path",
          e);
    }
  }
}
