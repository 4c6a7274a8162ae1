package io.mbt.steps.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started from a test with the test classpath and Spark's Java 17 flags, talking lines: the
 * test writes to its standard input and reads its standard output; standard error goes to a file
 * shown when the child says something unexpected.
 */
public final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final PrintWriter in;
  private final BufferedReader out;
  private final Path stderr;

  private ChildJvm(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    this.in = new PrintWriter(process.getOutputStream(), true, UTF_8);
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
  }

  /**
   * Starts {@code mainClass} with {@code args}; its standard error goes to {@code <logs>/<name>.err}.
   * A child still running after {@code lifetime} is killed, so that a test reading its output ends
   * (with the child's stderr) instead of blocking.
   */
  public static ChildJvm start(String name, Path logs, String heap, Duration lifetime, Class<?> mainClass, List<String> args)
      throws IOException {
    return start(name, logs, List.of(heap), lifetime, mainClass, args);
  }

  /**
   * Like {@link #start(String, Path, String, Duration, Class, List)}, with any JVM options (heap,
   * JIT and GC choices for short-lived children) instead of only a heap size.
   */
  public static ChildJvm start(String name, Path logs, List<String> jvmOptions, Duration lifetime, Class<?> mainClass,
      List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : System.getProperty("mbt.test.jvmflags", "").split(" ")) {
      if (!flag.isBlank()) {
        command.add(flag);
      }
    }
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(args);
    Files.createDirectories(logs);
    Path stderr = logs.resolve(name + ".err");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    CompletableFuture.delayedExecutor(lifetime.toMillis(), TimeUnit.MILLISECONDS).execute(process::destroyForcibly);
    return new ChildJvm(name, process, stderr);
  }

  public void send(String line) {
    in.println(line);
  }

  /** The next line the child prints; fails with its standard error if it ended instead. */
  public String readLine() throws IOException {
    String line = out.readLine();
    if (line == null) {
      throw new IllegalStateException(name + " ended (or was killed at the end of its lifetime) without answering; its stderr:\n" + tail());
    }
    return line;
  }

  /** Reads lines until one equals {@code expected}, failing with the child's stderr on anything else. */
  public void expect(String expected) throws IOException {
    String line = readLine();
    if (!line.equals(expected)) {
      throw new IllegalStateException(name + " said '" + line + "' instead of '" + expected + "'; its stderr:\n" + tail());
    }
  }

  /** The last 40 lines of its standard error. */
  public String tail() throws IOException {
    List<String> lines = Files.readAllLines(stderr);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  public int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " did not end within " + seconds + " s");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    in.close();
    process.destroyForcibly();
  }
}
