package io.mbt.mf.race;

import io.mbt.mf.ModelFactory;
import io.mbt.mf.SubmitResult;
import io.mbt.mf.ledger.Claim;
import io.mbt.mf.ledger.DeltaLedger;
import io.mbt.mf.ledger.LedgerOptions;
import io.mbt.mf.ledger.Receipt;
import io.mbt.mf.ledger.ReceiptKind;
import io.mbt.mf.race.WorkerArgs.Hold;
import io.mbt.steps.spark.SparkSessions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A Model Factory process of the race tests ({@link WorkerArgs}). It starts its SparkSession, opens
 * the shared ledger, reads it once, says {@code READY <pid>}, then answers commands, one a line on
 * standard input, until its end:
 *
 * <ul>
 *   <li>{@code USE <mf root>}: works on the ledger under that root from now on (opened and read
 *       once); {@code USING}
 *   <li>{@code PREPARE <keys>}: computes the train_run_id of keys 0..keys-1 from the shared inputs;
 *       {@code PREPARED}
 *   <li>{@code CLAIM}: claims them in order; {@code CLAIM <key> <run> WON|LOST} each, then {@code DONE}
 *   <li>{@code SUBMIT <request id> <policy> <times>}: submits that request {@code times} times,
 *       waiting for the run to end; {@code RESULT <run> <outcome> <duplicate>} each, then {@code DONE}
 *   <li>{@code DUMP_CLAIMS}: the ledger's run_claimed receipts as {@code CLAIMED <run> <holder>
 *       <epoch>}, then {@code END}
 * </ul>
 *
 * Where {@link Hold} says, it stops inside TRAIN or the registry call and says {@code BLOCKED …}.
 * A failed command says {@code ERROR …} (its stack trace goes to standard error).
 */
public final class MfWorkerMain {
  private static final Duration LONGEST_HOLD = Duration.ofMinutes(3);

  private final WorkerArgs args;
  private final SparkSession spark;
  private final FileRegistry registry;
  private final List<String> preparedRuns = new ArrayList<>();
  private DeltaLedger ledger;
  private ModelFactory factory;

  private MfWorkerMain(WorkerArgs args, SparkSession spark) {
    this.args = args;
    this.spark = spark;
    FileRegistry.Hooks hooks = switch (args.hold()) {
      case PUBLISH_BEFORE -> new FileRegistry.Hooks() {
        @Override
        public void beforeCreate(String fingerprint) {
          blockForever("BLOCKED PUBLISH_BEFORE " + fingerprint);
        }
      };
      case PUBLISH_AFTER -> new FileRegistry.Hooks() {
        @Override
        public void afterCreate(String fingerprint) {
          blockForever("BLOCKED PUBLISH_AFTER " + fingerprint);
        }
      };
      default -> FileRegistry.Hooks.NONE;
    };
    this.registry = new FileRegistry(args.registry(), hooks);
    use(args.mfRoot());
  }

  /** Works on the ledger under {@code mfRoot} from now on. */
  private void use(String mfRoot) {
    ledger = DeltaLedger.open(spark, mfRoot, LedgerOptions.defaults(), Clock.systemUTC());
    factory = RaceInputs.factory(ledger, args.root(), mfRoot, new RaceInputs.Holder(args.holder(), args.ttl(), args.heartbeat()),
        new HoldingEngine(args.hold() == Hold.TRAIN, LONGEST_HOLD, MfWorkerMain::say), registry);
  }

  public static void main(String[] argv) throws Exception {
    WorkerArgs args = WorkerArgs.parse(argv);
    long start = System.nanoTime();
    SparkSession spark = SparkSessions.embedded(args.work(), args.sparkConf());
    log("session", start);
    MfWorkerMain worker = new MfWorkerMain(args, spark);
    log("ledger opened", start);
    worker.warmUp();
    log("warmed up", start);
    say("READY " + ProcessHandle.current().pid());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      try {
        worker.handle(line.trim().split(" "));
      } catch (Exception e) {
        e.printStackTrace();
        say("ERROR " + String.valueOf(e).replace('\n', ' '));
      }
    }
    System.exit(0); // Spark's threads would keep the JVM up
  }

  /**
   * Reads the shared ledger's transaction log and keys a request: loads what every command needs
   * first. The first write stays in the race: all workers pay for it at the same moment, which
   * only makes the first key's claims overlap more.
   */
  private void warmUp() {
    ledger.recordedVersion("tr_warm_up");
    factory.trainRunIdOf(RaceInputs.request("warm-up", RaceInputs.policyOf(0)));
  }

  private void handle(String[] command) {
    switch (command[0]) {
      case "USE" -> {
        use(command[1]);
        ledger.recordedVersion("tr_warm_up");
        say("USING");
      }
      case "PREPARE" -> {
        preparedRuns.clear();
        for (int key = 0; key < Integer.parseInt(command[1]); key++) {
          int k = key;
          preparedRuns.add(factory.trainRunIdOf(RaceInputs.request("claim-" + k, RaceInputs.policyOf(k)))
              .orElseThrow(() -> new IllegalStateException("key " + k + " cannot be keyed from the inputs under " + args.root())));
        }
        say("PREPARED");
      }
      case "CLAIM" -> {
        for (int key = 0; key < preparedRuns.size(); key++) {
          String run = preparedRuns.get(key);
          long start = System.nanoTime();
          Claim claim = ledger.claim(claimDraft(run, "claim-" + key, key), args.holder(), args.ttl());
          log("claim of key " + key + (claim.won() ? " won" : " lost"), start);
          say("CLAIM " + key + " " + run + " " + (claim.won() ? "WON" : "LOST"));
        }
        System.err.println("CPU so far: " + ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
            .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000 + " ms");
        say("DONE");
      }
      case "SUBMIT" -> {
        for (int i = 0; i < Integer.parseInt(command[3]); i++) {
          SubmitResult result = factory.submit(RaceInputs.request(command[1], command[2]), true);
          say("RESULT " + result.trainRunId().orElse("-") + " " + result.outcome() + " " + result.duplicate());
        }
        say("DONE");
      }
      case "DUMP_CLAIMS" -> {
        for (Receipt r : ledger.receiptsOfKind(ReceiptKind.RUN_CLAIMED)) {
          say("CLAIMED " + r.trainRunId() + " " + r.holder() + " " + r.leaseEpoch());
        }
        say("END");
      }
      default -> say("ERROR unknown command " + String.join(" ", command));
    }
  }

  private Receipt.Draft claimDraft(String run, String requestId, int key) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ttl_ms", args.ttl().toMillis());
    body.put("request_id", requestId);
    body.put("key", key);
    return Receipt.Draft.of(run, ReceiptKind.RUN_CLAIMED, body);
  }

  private static void blockForever(String line) {
    say(line);
    while (true) {
      try {
        Thread.sleep(LONGEST_HOLD.toMillis()); // until the test kills this process
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while held", e);
      }
    }
  }

  /** Start-up progress on standard error (the test shows it when a worker is late). */
  private static void log(String what, long since) {
    System.err.println(what + " after " + (System.nanoTime() - since) / 1_000_000 + " ms");
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
