package io.mbt.steps.delta;

import io.mbt.steps.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code writers} processes ({@link LogStoreRaceMain}) write versions 0, 1, … of one log directory
 * through a LogStore at the same moment: each round the test releases them together and collects
 * who says it created the version.
 */
final class LogStoreRace {
  /** The writers that reported WON, per round. */
  record Outcome(List<List<String>> winners) {
    long roundsWithOneWinner() {
      return winners.stream().filter(w -> w.size() == 1).count();
    }

    long roundsWithSeveralWinners() {
      return winners.stream().filter(w -> w.size() > 1).count();
    }
  }

  private LogStoreRace() {}

  static Outcome run(String logStoreClass, String logDirectory, int writers, int rounds, int payloadLines,
      Map<String, String> hadoopConf, Path logs) throws Exception {
    List<ChildJvm> children = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        List<String> args = new ArrayList<>(List.of(logStoreClass, logDirectory, "w" + w, Integer.toString(payloadLines)));
        hadoopConf.forEach((k, v) -> args.add(k + "=" + v));
        children.add(ChildJvm.start("writer-" + w, logs, "-Xmx256m", Duration.ofSeconds(80), LogStoreRaceMain.class, args));
      }
      for (ChildJvm child : children) {
        child.expect("READY");
      }
      List<List<String>> winners = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        for (ChildJvm child : children) {
          child.send("GO " + round);
        }
        List<String> won = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          String answer = children.get(w).readLine();
          if (answer.equals("WON " + round)) {
            won.add("w" + w);
          } else if (!answer.equals("LOST " + round)) {
            throw new IllegalStateException("writer-" + w + " said '" + answer + "'; its stderr:\n" + children.get(w).tail());
          }
        }
        winners.add(won);
      }
      return new Outcome(winners);
    } finally {
      children.forEach(ChildJvm::close);
    }
  }
}
