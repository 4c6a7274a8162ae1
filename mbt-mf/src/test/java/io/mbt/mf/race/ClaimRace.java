package io.mbt.mf.race;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Acceptance 1's claim race, on whatever ledger the workers were started on: every worker computes
 * the train_run_id of keys 0..n-1 from the shared inputs, then — released together — claims all of
 * them in the same order, so that every key is claimed by all workers at about the same moment.
 * The ledger (read by one worker afterwards) is the judge: one run_claimed receipt per run, by the
 * one worker that was told it won.
 */
final class ClaimRace {
  /** What a worker was told about one key. */
  record Report(String worker, int key, String runId, boolean won) {}

  /** A run_claimed receipt as the ledger holds it. */
  record LedgerClaim(String runId, String holder, long epoch) {}

  record Outcome(int keys, List<String> workers, List<Report> reports, List<LedgerClaim> ledger, Duration race) {
    String summary() {
      Map<String, Long> wins = reports.stream().filter(Report::won).collect(Collectors.groupingBy(Report::worker, TreeMap::new,
          Collectors.counting()));
      return "%d workers x %d keys raced in %d ms; wins per worker %s".formatted(workers.size(), keys, race.toMillis(), wins);
    }
  }

  private ClaimRace() {}

  static Outcome run(List<MfWorkers.Worker> workers, int keys) throws IOException {
    workers.forEach(w -> w.send("PREPARE " + keys));
    for (MfWorkers.Worker w : workers) {
      w.expect("PREPARED");
    }
    long start = System.nanoTime();
    workers.forEach(w -> w.send("CLAIM")); // the start barrier: every worker is warm and waiting on this line
    List<Report> reports = new ArrayList<>();
    for (MfWorkers.Worker w : workers) {
      for (int key = 0; key < keys; key++) {
        String[] said = w.expectPrefix("CLAIM " + key + " ").split(" ");
        reports.add(new Report(w.name(), key, said[0], said[1].equals("WON")));
      }
      w.expect("DONE");
    }
    Duration race = Duration.ofNanos(System.nanoTime() - start);
    MfWorkers.Worker reader = workers.get(0);
    reader.send("DUMP_CLAIMS");
    List<LedgerClaim> ledger = new ArrayList<>();
    for (String line = reader.readLine(); !line.equals("END"); line = reader.readLine()) {
      String[] claim = line.substring("CLAIMED ".length()).split(" ");
      ledger.add(new LedgerClaim(claim[0], claim[1], Long.parseLong(claim[2])));
    }
    return new Outcome(keys, workers.stream().map(MfWorkers.Worker::name).toList(), reports, ledger, race);
  }

  /** Exactly one claim per key: the same run id everywhere, one winner, one run_claimed receipt, by the winner. */
  static void assertExactlyOneClaimPerKey(Outcome outcome) {
    assertThat(outcome.reports()).as("one answer per worker and key").hasSize(outcome.workers().size() * outcome.keys());
    Set<String> runs = new java.util.LinkedHashSet<>();
    for (int key = 0; key < outcome.keys(); key++) {
      int k = key;
      List<Report> answers = outcome.reports().stream().filter(r -> r.key() == k).toList();
      Set<String> ids = answers.stream().map(Report::runId).collect(Collectors.toSet());
      assertThat(ids).as("key %d: the train_run_id every worker computed (worker -> id: %s)", k,
          answers.stream().map(r -> r.worker() + "=" + r.runId()).toList()).hasSize(1);
      String run = ids.iterator().next();
      runs.add(run);
      List<String> winners = answers.stream().filter(Report::won).map(Report::worker).toList();
      assertThat(winners).as("key %d (run %s): the workers told they won its claim", k, run).hasSize(1);
      List<LedgerClaim> receipts = outcome.ledger().stream().filter(c -> c.runId().equals(run)).toList();
      assertThat(receipts).as("key %d (run %s): its run_claimed receipts in the ledger, expected exactly one by winner %s", k, run,
          winners.get(0)).containsExactly(new LedgerClaim(run, winners.get(0), 1));
    }
    assertThat(runs).as("distinct keys name distinct runs").hasSize(outcome.keys());
  }
}
