package io.mbt.steps.output;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds the installed {@link OutputWriter}s with {@link ServiceLoader}. */
public final class OutputWriters {
  private OutputWriters() {}

  /**
   * The writer for {@code destination}.
   *
   * @throws IllegalArgumentException naming the installed writers, if none serves it
   */
  public static OutputWriter get(String destination) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Map<String, OutputWriter> installed = new TreeMap<>();
    for (OutputWriter writer : ServiceLoader.load(OutputWriter.class, loader == null ? OutputWriters.class.getClassLoader() : loader)) {
      installed.putIfAbsent(writer.name(), writer);
    }
    OutputWriter writer = installed.get(destination);
    if (writer == null) {
      throw new IllegalArgumentException("no output writer for destination '" + destination + "'; installed: " + installed.keySet()
          + ". Fix serving.output.destination, or put the jar of the writer on the driver's class path"
          + " (listed in META-INF/services/io.mbt.steps.output.OutputWriter)");
    }
    return writer;
  }
}
