package io.mbt.mf.race;

import java.nio.file.Path;

/**
 * Where child JVMs write their standard error: under the module's {@code target/}, not a
 * temporary directory, so that a failed or slow race can be read afterwards (every worker logs
 * its start-up and each claim's duration there).
 */
final class RaceLogs {
  private RaceLogs() {}

  static Path of(Class<?> test) {
    return Path.of("target", "race-logs", test.getSimpleName() + "-" + ProcessHandle.current().pid());
  }
}
