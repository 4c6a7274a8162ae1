package io.mbt.mf.testing;

import io.mbt.mf.ModelFactory;
import io.mbt.mf.admission.RecipeSource;
import io.mbt.mf.admission.RefReader;
import io.mbt.mf.admission.TableInspector;
import io.mbt.mf.dataset.DatasetManifest;
import io.mbt.mf.dataset.DatasetManifests;
import io.mbt.mf.identity.Digests;
import io.mbt.mf.ledger.ArtifactFiles;
import io.mbt.mf.ledger.DeltaLedger;
import io.mbt.mf.ledger.LedgerOptions;
import io.mbt.mf.request.DigestRef;
import io.mbt.mf.request.Intent;
import io.mbt.mf.request.TrainRequest;
import io.mbt.mf.signal.Signals;
import io.mbt.steps.testing.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * A model factory on a real Delta ledger and real files in a temporary directory, with a fake
 * engine and registry: one pinned dataset manifest (PASS proof), a policy, a recipe.
 */
public final class MfFixture {
  public static final String TABLE_URI = "file:/lake/telco_customer_churn";
  public static final String TABLE_ID = "9b1c1e9e-0000-4000-8000-000000000001";
  public static final String FILES_DIGEST = Digests.sha256("files at version 3");

  public final Path root;
  public final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T10:00:00Z"));
  public final FakeEngine engine = new FakeEngine();
  public final FakeRegistry registry = new FakeRegistry();
  public final Map<String, TableInspector.TableAtVersion> tables = new LinkedHashMap<>();
  public Signals signals = Signals.none();
  public String recipeDigest = Digests.sha256("recipe churn_xgb_v1");
  /** Pipelines of the project that do not compile, with the compiler's message (RECIPE_INVALID). */
  public final Map<String, String> brokenPipelines = new LinkedHashMap<>();
  /** What references are read through (e.g. with {@link FaultyFileSystem} installed). */
  public final Configuration hadoop;
  public final DeltaLedger ledger;

  public MfFixture(Path root) {
    this(root, new Configuration());
  }

  /** @param hadoop the configuration the factory's {@link RefReader} reads references with */
  public MfFixture(Path root, Configuration hadoop) {
    this.root = root;
    this.hadoop = hadoop;
    this.ledger = DeltaLedger.open(SharedSpark.session(), mfRoot(), LedgerOptions.defaults(), clock);
    tables.put(TABLE_URI + "@3", new TableInspector.TableAtVersion(TABLE_URI, TABLE_ID, 3, FILES_DIGEST));
    write("reports/validation.json", "{\"status\":\"PASS\"}");
    writeManifest("manifests/telco.json", manifest());
    writePolicy("policies/churn.yaml", 0.80);
  }

  public String mfRoot() {
    return root.resolve("mf").toUri().toString();
  }

  public ModelFactory factory() {
    return factory("worker-1");
  }

  public ModelFactory factory(String holder) {
    RefReader refs = new RefReader(hadoop, root, 2, Duration.ofMillis(1));
    TableInspector inspector = (uri, version) -> {
      TableInspector.TableAtVersion found = tables.get(uri + "@" + version);
      if (found == null) {
        throw refNotFound(uri + "@v" + version);
      }
      return found;
    };
    RecipeSource recipes = (pipeline, target) -> {
      if (brokenPipelines.containsKey(pipeline)) {
        throw new RecipeSource.RecipeException("pipeline " + pipeline + " does not compile: " + brokenPipelines.get(pipeline), null);
      }
      return new RecipeSource.Recipe(pipeline, recipeDigest, "telecom_churn", List.of("telco_customer_churn"), Optional.of("Churn"),
          target.orElse("dev"));
    };
    return new ModelFactory(new ModelFactory.Wiring(ledger, engine, registry, recipes, inspector, refs,
        new ArtifactFiles(new org.apache.hadoop.conf.Configuration()), signals, clock, mfRoot(), "mbt-test-build", holder,
        Duration.ofSeconds(30), Duration.ofSeconds(10), d -> {}));
  }

  private static RefReader.RefException refNotFound(String ref) {
    return new RefReader.RefException(io.mbt.mf.admission.Reason.of(io.mbt.mf.admission.ReasonCode.REF_NOT_FOUND, ref,
        ref + ": no such table version"), null);
  }

  /** A complete manifest of the one table. */
  public DatasetManifest manifest() {
    List<DatasetManifest.PinnedTable> pinned = List.of(new DatasetManifest.PinnedTable("telco_customer_churn", "label", TABLE_URI, TABLE_ID, 3,
        FILES_DIGEST));
    byte[] report = read("reports/validation.json");
    return new DatasetManifest(1, Optional.of("training"), Optional.of("churn_xgb_v1"), Optional.of("2026-01-31"),
        Optional.of(DatasetManifest.DELTA_VERSIONS), Optional.empty(), List.of("customerID"), Optional.of("customerID"),
        Optional.of("telco-features"), Map.of("telco_customer_churn", "v3"), Optional.of("internal"), Optional.of("Churn"), pinned,
        Optional.of(new DatasetManifest.ValidationProof("PASS", DatasetManifests.tablesDigest(pinned),
            root.resolve("reports/validation.json").toUri().toString(), Digests.sha256(report))));
  }

  public String writeManifest(String relative, DatasetManifest manifest) {
    return write(relative, new String(DatasetManifests.write(manifest), StandardCharsets.UTF_8));
  }

  public String writePolicy(String relative, double minAuc) {
    return write(relative, """
        policy_rev: churn-%s
        principals: {submit: [airflow@analytics], publish: [airflow@analytics]}
        required_metrics: [roc_auc, log_loss]
        gates: [{metric: roc_auc, min: %s}, {metric: log_loss, max: 0.45}]
        retry: {TRAIN: 2, PUBLISH: 2, backoff_s: {initial: 1, max: 4}}
        """.formatted(minAuc, minAuc));
  }

  public TrainRequest request(String requestId) {
    return request(requestId, Intent.BASELINE_TRAIN, "manifests/telco.json", "policies/churn.yaml");
  }

  public TrainRequest request(String requestId, Intent intent, String manifest, String policy) {
    return new TrainRequest(requestId, intent, "airflow@analytics", List.of(new DigestRef(manifest, Optional.empty())),
        new TrainRequest.TrainingConfigRef("churn_xgb_v1", Optional.empty()), new DigestRef(policy, Optional.empty()), Map.of("target", "dev"),
        Optional.empty(), Optional.empty());
  }

  public String write(String relative, String text) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return relative;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] read(String relative) {
    try {
      return Files.readAllBytes(root.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
