package io.mbt.steps.testing;

import io.mbt.steps.spark.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM (surefire reuses one fork per module), built through {@link
 * SparkSessions} with settings that keep small jobs quick. Tests must not stop it, nor change its
 * runtime conf without restoring it.
 */
public final class SharedSpark {
  /** Overrides of the embedded defaults for tests on 2 cores. */
  public static final Map<String, String> TEST_CONF =
      Map.of(
          "spark.master", "local[2]",
          "spark.app.name", "mbt-steps-tests",
          "spark.sql.shuffle.partitions", "4",
          "spark.databricks.delta.snapshotPartitions", "2",
          "spark.ui.enabled", "false",
          "spark.driver.host", "127.0.0.1");

  private static SparkSession session;
  private static Path workDirectory;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      try {
        workDirectory = Files.createTempDirectory("mbt-steps-spark-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      session = SparkSessions.embedded(workDirectory, TEST_CONF);
      Runtime.getRuntime().addShutdownHook(new Thread(SharedSpark::deleteWorkDirectory));
    }
    return session;
  }

  /** The directory that holds the session's warehouse; deleted when the JVM exits. */
  public static synchronized Path workDirectory() {
    session();
    return workDirectory;
  }

  private static void deleteWorkDirectory() {
    try (Stream<Path> paths = Files.walk(workDirectory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // Best effort: it is a temporary directory.
    }
  }
}
