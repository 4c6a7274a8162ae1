package io.mbt.mf.race;

import io.mbt.steps.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link MfWorkerMain} child JVMs started together: all of them start (and warm up) in parallel,
 * and {@link #start} returns once every one said READY, so a command sent to all of them next is
 * a start barrier. {@link #close} kills every one.
 */
final class MfWorkers implements AutoCloseable {
  /**
   * A child small enough that eight fit next to a build on a shared 2-core machine. A child lives
   * for seconds to minutes: C1 alone halves its start-up CPU (measured: ~40 s to ~20 s of CPU to the
   * first claim), and the serial collector spares a GC thread per child.
   */
  static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** One child: its line protocol and its process id (for signals). */
  record Worker(String name, ChildJvm jvm, long pid) {
    void send(String line) {
      jvm.send(line);
    }

    String readLine() throws IOException {
      return jvm.readLine();
    }

    void expect(String line) throws IOException {
      jvm.expect(line);
    }

    /** The next line, which must start with {@code prefix} (then the rest of it), else fails with the child's stderr. */
    String expectPrefix(String prefix) throws IOException {
      String line = jvm.readLine();
      if (!line.startsWith(prefix)) {
        throw new IllegalStateException(name + " said '" + line + "' where '" + prefix + "…' was expected; its stderr:\n" + jvm.tail());
      }
      return line.substring(prefix.length());
    }

    /** Sends a POSIX signal ({@code STOP}, {@code CONT}, {@code KILL}) with kill(1). */
    void signal(String signal) throws IOException, InterruptedException {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " (" + name + ") failed");
      }
    }

    /** Kills it with SIGKILL (kill -9) and waits until it is gone. */
    void kill9() throws IOException, InterruptedException {
      signal("KILL");
      ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    }
  }

  private final List<Worker> workers;

  private MfWorkers(List<Worker> workers) {
    this.workers = workers;
  }

  /**
   * Starts one child per {@code WorkerArgs} (their stderr in {@code logs}); each is killed at the
   * latest after {@code lifetime}.
   */
  static MfWorkers start(List<WorkerArgs> args, Path logs, Duration lifetime) throws IOException {
    List<ChildJvm> started = new ArrayList<>();
    try {
      for (WorkerArgs a : args) {
        started.add(ChildJvm.start(a.holder(), logs, JVM_OPTIONS, lifetime, MfWorkerMain.class, a.toArgs()));
      }
      List<Worker> workers = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        String ready = started.get(i).readLine();
        if (!ready.startsWith("READY ")) {
          throw new IllegalStateException(args.get(i).holder() + " said '" + ready + "' instead of READY; its stderr:\n"
              + started.get(i).tail());
        }
        workers.add(new Worker(args.get(i).holder(), started.get(i), Long.parseLong(ready.substring("READY ".length()))));
      }
      return new MfWorkers(workers);
    } catch (IOException | RuntimeException e) {
      started.forEach(ChildJvm::close);
      throw e;
    }
  }

  List<Worker> all() {
    return workers;
  }

  Worker get(int i) {
    return workers.get(i);
  }


  /** Kills every child, first printing the last line each logged (where each got to, if a test ran out of time). */
  @Override
  public void close() {
    for (Worker w : workers) {
      try {
        String[] tail = w.jvm().tail().split("\n");
        System.out.println(w.name() + " (pid " + w.pid() + ") last logged: " + tail[tail.length - 1]);
      } catch (IOException | RuntimeException e) {
        System.out.println(w.name() + " (pid " + w.pid() + "): no log (" + e + ")");
      }
      w.jvm().close();
    }
  }
}
