package io.mbt.mf.race;

import io.mbt.mf.ModelFactory;
import io.mbt.mf.admission.Reason;
import io.mbt.mf.admission.ReasonCode;
import io.mbt.mf.admission.RecipeSource;
import io.mbt.mf.admission.RefReader;
import io.mbt.mf.admission.TableInspector;
import io.mbt.mf.engine.TrainEvalEngine;
import io.mbt.mf.identity.Digests;
import io.mbt.mf.ledger.ArtifactFiles;
import io.mbt.mf.ledger.DeltaLedger;
import io.mbt.mf.publish.CandidateRegistry;
import io.mbt.mf.request.DigestRef;
import io.mbt.mf.request.Intent;
import io.mbt.mf.request.TrainRequest;
import io.mbt.mf.signal.Signals;
import io.mbt.mf.testing.MfFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * What every process of a race works on: the {@link MfFixture}'s inputs (one pinned manifest, its
 * table, a recipe) read from one shared directory, a policy per key, and a model factory wired to
 * them with a real clock. The test JVM writes the inputs; child JVMs only read them, so every
 * process derives the same run identities from the same bytes.
 */
final class RaceInputs {
  static final String MANIFEST = "manifests/telco.json";

  private RaceInputs() {}

  /** Writes the fixture's inputs under {@code root} plus one policy per key; the fixture also creates a ledger under root/mf. */
  static MfFixture write(Path root, int keys) {
    MfFixture mf = new MfFixture(root);
    for (int key = 0; key < keys; key++) {
      mf.writePolicy(policyOf(key), minAucOf(key));
    }
    return mf;
  }

  /** Key {@code k}'s policy: its own bytes, so its own policy digest and so its own train_run_id. */
  static String policyOf(int key) {
    return "policies/key-%02d.yaml".formatted(key);
  }

  private static double minAucOf(int key) {
    return Double.parseDouble("0.7" + "%02d".formatted(key)); // 0.700, 0.701, ...: every key passes the fake engine's 0.85
  }

  static TrainRequest request(String requestId, String policy) {
    return new TrainRequest(requestId, Intent.BASELINE_TRAIN, "airflow@analytics", List.of(new DigestRef(MANIFEST, Optional.empty())),
        new TrainRequest.TrainingConfigRef("churn_xgb_v1", Optional.empty()), new DigestRef(policy, Optional.empty()), Map.of("target", "dev"),
        Optional.empty(), Optional.empty());
  }

  /** Who a process is to the ledger, and how long its leases last. */
  record Holder(String name, Duration ttl, Duration heartbeat) {}

  /** A model factory over {@code ledger} whose inputs are under {@code root}, with the system clock and real sleeps. */
  static ModelFactory factory(DeltaLedger ledger, Path root, String mfRoot, Holder holder, TrainEvalEngine engine, CandidateRegistry registry) {
    RefReader refs = new RefReader(new Configuration(), root, 2, Duration.ofMillis(1));
    TableInspector tables = (uri, version) -> {
      if (!(MfFixture.TABLE_URI.equals(uri) && version == 3)) {
        throw new RefReader.RefException(Reason.of(ReasonCode.REF_NOT_FOUND, uri + "@v" + version, "no such table version"), null);
      }
      return new TableInspector.TableAtVersion(MfFixture.TABLE_URI, MfFixture.TABLE_ID, 3, MfFixture.FILES_DIGEST);
    };
    RecipeSource recipes = (pipeline, target) -> new RecipeSource.Recipe(pipeline, Digests.sha256("recipe churn_xgb_v1"), "telecom_churn",
        List.of("telco_customer_churn"), Optional.of("Churn"), target.orElse("dev"));
    return new ModelFactory(new ModelFactory.Wiring(ledger, engine, registry, recipes, tables, refs, new ArtifactFiles(new Configuration()),
        Signals.none(), Clock.systemUTC(), mfRoot, "mbt-test-build", holder.name(), holder.ttl(), holder.heartbeat(),
        d -> Thread.sleep(d.toMillis())));
  }
}
