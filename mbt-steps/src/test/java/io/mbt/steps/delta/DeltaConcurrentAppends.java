package io.mbt.steps.delta;

import io.mbt.steps.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code writers} processes ({@link DeltaAppendMain}) append {@code appends} rows each to one Delta
 * table at the same time, one blind append per row.
 */
final class DeltaConcurrentAppends {
  /** The longest an appending process may run (start, warm-up, appends): ~40 s on an idle 2-core machine, more on a shared one. */
  static final Duration LIFETIME = Duration.ofSeconds(300); // generous: a loaded 2-core CI machine starves child JVMs

  private DeltaConcurrentAppends() {}

  /** Runs them to the end; fails with a writer's stderr if one does not append all its rows. */
  static void run(String table, int writers, int appends, Map<String, String> sparkConf, Path work) throws Exception {
    List<ChildJvm> children = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        List<String> args = new ArrayList<>(List.of(table, work.resolve("spark-" + w).toString(), Integer.toString(w),
            Integer.toString(appends)));
        sparkConf.forEach((k, v) -> args.add(k + "=" + v));
        children.add(ChildJvm.start("appender-" + w, work.resolve("logs"), "-Xmx640m", LIFETIME, DeltaAppendMain.class, args));
      }
      for (ChildJvm child : children) {
        child.expect("READY");
      }
      children.forEach(child -> child.send("GO"));
      for (ChildJvm child : children) {
        for (int i = 0; i < appends; i++) {
          child.expect("APPENDED " + i);
        }
        child.expect("DONE");
      }
      for (ChildJvm child : children) {
        int exit = child.waitFor(30);
        if (exit != 0) {
          throw new IllegalStateException("an appender exited with " + exit + "; its stderr:\n" + child.tail());
        }
      }
    } finally {
      children.forEach(ChildJvm::close);
    }
  }
}
