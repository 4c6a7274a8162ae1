package io.mbt.mf.pipeline;

import static java.util.Objects.requireNonNull;

import io.delta.tables.DeltaTable;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.mf.admission.RecipeSource;
import io.mbt.mf.dataset.DatasetManifest;
import io.mbt.mf.dataset.DatasetManifests;
import io.mbt.mf.engine.ArtifactLocator;
import io.mbt.mf.identity.CanonicalJson;
import io.mbt.mf.identity.Digests;
import io.mbt.steps.api.SourcePins;
import io.mbt.steps.api.StepCommitted;
import io.mbt.steps.api.StepListener;
import io.mbt.steps.connector.DataConnector;
import io.mbt.steps.connector.DataConnectors;
import io.mbt.steps.connector.DeltaTableVersion;
import io.mbt.steps.connector.DeltaTables;
import io.mbt.steps.runner.PipelineRunner;
import io.mbt.steps.runner.RunFailedException;
import io.mbt.steps.runner.RunOptions;
import io.mbt.steps.runner.RunRequest;
import io.mbt.steps.secrets.SecretResolver;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code mbt dataset pin}: freezes the tables a training pipeline reads into a {@link
 * DatasetManifest}. Each table is pinned at its newest Delta version committed on or before the
 * as-of date (UTC, end of day), with its table id and the digest of its files there; the
 * pipeline's own data validation then runs on exactly those versions, and only a PASS writes the
 * manifest, with the validation report as its proof.
 *
 * <p>Pinning is idempotent: the manifest's directory is keyed by the pinned tables and the
 * validation config, so pinning unchanged data again returns the same manifest (same bytes, same
 * digest) without validating again.
 */
public final class DatasetPinner {
  static final String VALIDATE = "validate_data";

  private final ProjectRuns project;

  public DatasetPinner(ProjectRuns project) {
    this.project = requireNonNull(project, "project is null");
  }

  /**
   * What to pin.
   *
   * @param outDir where the manifest goes; empty: {@code <mf root>/datasets/<pipeline>/as_of=<date>/<key>}
   */
  public record PinRequest(String pipeline, Optional<String> target, LocalDate asOf, Optional<String> featurePack, Optional<String> privacyClass,
      String datasetKind, Optional<String> outDir) {
    public PinRequest {
      requireNonNull(pipeline, "pipeline is null");
      requireNonNull(target, "target is null");
      requireNonNull(asOf, "asOf is null");
      requireNonNull(featurePack, "featurePack is null");
      requireNonNull(privacyClass, "privacyClass is null");
      requireNonNull(datasetKind, "datasetKind is null");
      requireNonNull(outDir, "outDir is null");
    }
  }

  /** A pinned dataset: where its manifest is, the digest a request pins, and whether an earlier pin already wrote it. */
  public record Pinned(String manifestUri, String sha256, DatasetManifest manifest, boolean reused) {}

  /** The pin could not be made; nothing was written. The message says what and how to fix it. */
  public static final class PinException extends RuntimeException {
    public PinException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public Pinned pin(PinRequest request) {
    CompiledRecipes.Compiled compiled;
    try {
      compiled = project.recipes().compile(request.pipeline(), request.target());
    } catch (RecipeSource.RecipeException e) {
      throw new PinException(e.getMessage(), e);
    }
    Manifest manifest = compiled.manifest();
    ManifestStep validate = manifest.steps().get(VALIDATE);
    if (validate == null) {
      throw new PinException("pipeline " + request.pipeline() + " declares no data validation, and the Model Factory admits only data with a "
          + "PASS proof; add a data_validation section with checks (see the example's includes/telco_validation.yaml)", null);
    }
    ManifestStep load = manifest.steps().get("load_data");
    SecretResolver secrets = SecretResolver.forProvider(manifest.profile().secrets().type(), manifest.profile().secrets().config());
    DataConnector connector = connector(secrets.resolveMap(load.config()));
    Optional<String> label = compiled.recipe().labelColumn();
    List<DatasetManifest.PinnedTable> tables = new ArrayList<>();
    for (String table : compiled.recipe().tables()) {
      tables.add(pinTable(connector, table, request.asOf(), tables.isEmpty() ? "label" : "feature"));
    }
    String tablesDigest = DatasetManifests.tablesDigest(tables);
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("pipeline", request.pipeline());
    key.put("as_of", request.asOf().toString());
    key.put("tables_digest", tablesDigest);
    key.put("validation", validate.config());
    key.put("feature_pack", request.featurePack().orElse(""));
    key.put("privacy_class", request.privacyClass().orElse(""));
    key.put("dataset_kind", request.datasetKind());
    String dir = request.outDir().map(DatasetPinner::trimSlash).orElseGet(() -> MfRoots.of(manifest.profile(), project.projectDir()) + "/datasets/"
        + request.pipeline() + "/as_of=" + request.asOf() + "/" + Digests.hex(Digests.tagged("mf_pin_v1", key)).substring(0, 16));
    String manifestUri = dir + "/manifest.json";
    if (project.files().exists(manifestUri)) {
      byte[] bytes = project.files().read(manifestUri);
      DatasetManifest existing = DatasetManifests.read(bytes, manifestUri);
      boolean same = existing.asOf().equals(Optional.of(request.asOf().toString())) && existing.validationProof()
          .map(p -> p.tablesDigest().equals(tablesDigest)).orElse(false);
      if (!same) {
        // Only an explicit --out can hold other data: the default directory is keyed by what is pinned.
        throw new PinException(manifestUri + " already pins other data (as of " + existing.asOf().orElse("?") + ", tables "
            + tableList(existing.tables()) + "; now " + request.asOf() + ", " + tableList(tables) + "); manifests are immutable: pin into "
            + "another --out directory, or leave --out out to get one keyed by the data", null);
      }
      return new Pinned(manifestUri, Digests.sha256(bytes), existing, true);
    }

    Map<String, Object> validation = validate(manifest, request, tables, dir);
    long failed = ((Number) validation.getOrDefault("checks_failed", 0)).longValue();
    if (failed > 0) {
      throw new PinException("the data validation of " + request.pipeline() + " failed " + failed + " check(s) on the pinned tables "
          + tableList(tables) + ": " + failedChecks(validation) + "; no manifest was written. Fix the data (or the checks) and pin again", null);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("report_version", 1);
    report.put("pipeline", request.pipeline());
    report.put("as_of", request.asOf().toString());
    report.put("tables_digest", tablesDigest);
    report.put("tables", tables.stream().map(t -> Map.<String, Object>of("name", t.name(), "uri", t.uri(), "version", t.version())).toList());
    report.put("status", "PASS");
    report.put("validation", validation);
    ArtifactLocator reportFile = project.files().writeOnce("validation_report", dir + "/validation_report.json", CanonicalJson.bytes(report));

    List<String> joinKeys = joinKeys(load);
    Map<String, String> featureVersions = new LinkedHashMap<>();
    tables.forEach(t -> featureVersions.put(t.name(), "delta:" + t.deltaTableId() + "@v" + t.version()));
    DatasetManifest pinned = new DatasetManifest(DatasetManifest.VERSION, Optional.of(request.datasetKind()), Optional.of(request.pipeline()),
        Optional.of(request.asOf().toString()), Optional.of(DatasetManifest.DELTA_VERSIONS), Optional.empty(), joinKeys,
        primaryKey(manifest).or(() -> joinKeys.isEmpty() ? Optional.of("all_rows") : Optional.empty()), request.featurePack(), featureVersions,
        request.privacyClass(), label, tables, Optional.of(new DatasetManifest.ValidationProof("PASS", tablesDigest, reportFile.uri(),
        reportFile.sha256())));
    byte[] bytes = DatasetManifests.write(pinned);
    project.files().writeOnce("dataset_manifest", manifestUri, bytes);
    return new Pinned(manifestUri, Digests.sha256(bytes), pinned, false);
  }

  private DataConnector connector(Map<String, Object> loadConfig) {
    if (!(loadConfig.get("connector") instanceof Map<?, ?> c)) {
      throw new PinException("the load_data step names no data connector; recompile the pipeline with this mbt version", null);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> config = c.get("config") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    return DataConnectors.get(AdapterRef.of(String.valueOf(c.get("type")), config), project.projectDir());
  }

  /** The table at its newest version on or before the end of {@code asOf} (UTC). */
  private DatasetManifest.PinnedTable pinTable(DataConnector connector, String table, LocalDate asOf, String role) {
    String location = connector.deltaLocation(project.spark(), table).orElseThrow(() -> new PinException("table " + table + " is read by the '"
        + connector.name() + "' data connector, but not as a Delta table, so it has no versions to pin; the Model Factory trains on pinned Delta "
        + "versions: the table must be a Delta table, read by a target whose data_connector is catalog (a Delta table of the Spark catalog) or"
        + " local_file with format: delta and data_path where the tables are", null));
    DeltaTableVersion current;
    try {
      current = DeltaTables.current(project.spark(), location);
    } catch (IllegalArgumentException e) {
      throw new PinException("table " + table + " at " + location + " is not a Delta table: " + e.getMessage(), e);
    }
    Timestamp end = Timestamp.from(asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    Row newest = DeltaTable.forPath(project.spark(), location).history().filter(functions.col("timestamp").lt(functions.lit(end)))
        .agg(functions.max("version")).head();
    if (newest.isNullAt(0)) {
      throw new PinException("table " + table + " at " + location + " has no version committed on or before " + asOf
          + " (its history starts later); pin a later --as-of", null);
    }
    long version = newest.getLong(0);
    return new DatasetManifest.PinnedTable(table, role, location, current.tableId(), version,
        DeltaTables.filesDigest(project.spark(), location, version));
  }

  /** Runs load_data and validate_data on exactly the pinned versions; returns validate_data's findings. */
  private Map<String, Object> validate(Manifest manifest, PinRequest request, List<DatasetManifest.PinnedTable> tables, String dir) {
    Map<String, SourcePins.Pin> pins = new LinkedHashMap<>();
    tables.forEach(t -> pins.put(t.name(), new SourcePins.Pin(t.version(), t.deltaTableId())));
    String runId = "pin_" + request.asOf().toString().replace("-", "") + "_" + project.clock().millis();
    AtomicReference<StepCommitted> validated = new AtomicReference<>();
    PipelineRunner runner = new PipelineRunner(project.spark(), project.projectDir(), project.resultsDir().resolve(runId), project.console(),
        project.clock()).withListener(new StepListener() {
      @Override
      public void onStepCommitted(StepCommitted event) {
        if (event.step().equals(VALIDATE)) {
          validated.set(event);
        }
      }
    });
    try {
      runner.run(manifest, RunRequest.steps(runId, request.asOf(), List.of("load_data", VALIDATE), true).withSourcePins(SourcePins.of(pins)),
          RunOptions.defaults().withArtifactRoot(dir + "/validation"));
    } catch (RunFailedException e) {
      throw new PinException("the data validation of " + request.pipeline() + " failed on the pinned tables " + tableList(tables) + ": "
          + e.getMessage() + (e.hint().isEmpty() ? "" : " (" + e.hint() + ")") + "; no manifest was written", e);
    }
    if (validated.get() == null) {
      throw new PinException("validate_data reported no result; pin again", null);
    }
    return new LinkedHashMap<>(validated.get().details());
  }

  private static String tableList(List<DatasetManifest.PinnedTable> tables) {
    return tables.stream().map(t -> t.name() + "@v" + t.version()).toList().toString();
  }

  private static String failedChecks(Map<String, Object> validation) {
    if (!(validation.get("checks") instanceof List<?> checks)) {
      return "see the validate_data step";
    }
    return checks.stream().filter(c -> c instanceof Map<?, ?> m && "failed".equalsIgnoreCase(String.valueOf(m.get("status"))))
        .map(String::valueOf).toList().toString();
  }

  private static List<String> joinKeys(ManifestStep load) {
    List<String> keys = new ArrayList<>();
    if (load.config().get("tables") instanceof List<?> list) {
      for (Object entry : list) {
        if (entry instanceof Map<?, ?> t && t.get("join_key") instanceof List<?> k) {
          k.stream().map(String::valueOf).filter(x -> !keys.contains(x)).forEach(keys::add);
        }
      }
    }
    return keys;
  }

  /** The pipeline's primary key (schema.identifiers.primary_key), the entity a row describes. */
  private static Optional<String> primaryKey(Manifest manifest) {
    ManifestStep split = manifest.steps().get("split_data");
    if (split != null && split.config().get("schema") instanceof Map<?, ?> schema && schema.get("identifiers") instanceof Map<?, ?> ids
        && ids.get("primary_key") instanceof List<?> pk && !pk.isEmpty()) {
      return Optional.of(String.join(",", pk.stream().map(String::valueOf).toList()));
    }
    return Optional.empty();
  }

  private static String trimSlash(String uri) {
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }
}
