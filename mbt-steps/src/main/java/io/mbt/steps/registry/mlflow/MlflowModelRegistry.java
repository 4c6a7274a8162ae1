package io.mbt.steps.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.registry.AliasAction;
import io.mbt.steps.registry.AliasChange;
import io.mbt.steps.registry.AliasEvent;
import io.mbt.steps.registry.AliasHistory;
import io.mbt.steps.registry.BundleToPublish;
import io.mbt.steps.registry.CandidateBundles;
import io.mbt.steps.registry.ModelRegistry;
import io.mbt.steps.registry.ModelVersion;
import io.mbt.steps.registry.PublishResult;
import io.mbt.steps.registry.PublishedBundle;
import io.mbt.steps.registry.RegisteredRun;
import io.mbt.steps.registry.RegistryEnvironment;
import io.mbt.steps.registry.RegistryException;
import io.mbt.steps.registry.RunNotFoundException;
import io.mbt.steps.registry.RunToLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;

/**
 * The {@code mlflow} model registry: runs logged to an MLflow tracking server, models registered
 * in its model registry, aliases set there. Built on {@code mlflow-client}'s REST calls ({@link
 * MlflowClient#sendGet}/{@link MlflowClient#sendPost}) — the client has no registry write methods —
 * and on the tracking server's artifact proxy ({@link ArtifactProxy}), because the client's own
 * artifact methods shell out to the Python {@code mlflow} CLI, which a Spark driver must not need.
 *
 * <p>Config ({@code model_registry.config}): {@code tracking_uri} (required), {@code registry_uri}
 * (default: the tracking URI), {@code token} or {@code username}/{@code password} (through
 * {@code secret()}; never logged), {@code experiment_name} (replaces the project's experiment), {@code experiment_suffix}
 * (appended to the experiment, e.g. {@code _dev}),
 * {@code registered_model_name}, {@code timeout_seconds} (default 30).
 *
 * <p>Idempotence: a run is tagged {@code mbt.run_id}; logging searches for a FINISHED run with the
 * tag first. A run left RUNNING or FAILED by a killed upload is never served: it is marked FAILED
 * and a fresh run is logged. FINISHED is set last, after every artifact, so FINISHED means complete.
 * Registering searches versions by run id before creating one (MLflow's create is not idempotent).
 * Aliases use MLflow's registered-model aliases; the append-only event log MLflow lacks is kept as
 * registered-model tags {@code mbt.alias_event.<alias>.<seq>}.
 *
 * <p>Model Factory candidates ({@link #publishBundle}) are published by {@link MlflowBundlePublisher}
 * (its Javadoc has the protocol and the race window MLflow leaves); their runs carry {@code
 * mbt.source=model_factory} and are skipped by {@link #latestRunId} and {@link #runIds}. A server
 * that cannot be reached at all fails with {@link io.mbt.steps.registry.RegistryUnavailableException}.
 */
public final class MlflowModelRegistry implements ModelRegistry {
  public static final String NAME = "mlflow";
  static final String TAG_RUN_ID = "mbt.run_id";
  static final String TAG_PIPELINE = "mbt.pipeline";
  static final String METADATA = "mbt_run.json";
  private static final String EVENT_TAG = "mbt.alias_event.";

  private String trackingUri;
  private String experimentSuffix;
  private Optional<String> experimentName;
  private MlflowRest rest;
  private ArtifactProxy artifacts;
  private Path cacheDir;
  private int timeoutSeconds;
  private org.apache.hadoop.conf.Configuration hadoop;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void configure(RegistryEnvironment environment) {
    Map<String, Object> config = environment.config();
    String uri = text(config, "tracking_uri").orElseThrow(() -> new IllegalArgumentException(
        "model_registry.config.tracking_uri is required for the mlflow registry, e.g. http://127.0.0.1:5000"));
    trackingUri = uri.replaceAll("/+$", "");
    rejectUserInfo("tracking_uri", trackingUri);
    String registryUri = text(config, "registry_uri").map(u -> u.replaceAll("/+$", "")).orElse(trackingUri);
    rejectUserInfo("registry_uri", registryUri);
    Optional<String> token = text(config, "token");
    Optional<String> user = text(config, "username");
    Optional<String> password = text(config, "password");
    int timeout = config.get("timeout_seconds") instanceof Number n ? n.intValue() : 30;
    timeoutSeconds = timeout;
    experimentSuffix = text(config, "experiment_suffix").orElse("");
    experimentName = text(config, "experiment_name");
    rest = new MlflowRest(trackingUri, registryUri, user, password, token, timeout);
    artifacts = new ArtifactProxy(trackingUri, user, password, token, timeout);
    cacheDir = environment.projectDir().toAbsolutePath().resolve("target").resolve(".mlflow-cache");
    hadoop = environment.hadoop();
  }

  /** Credentials in a URI would end up in every error message and log line that names the server. */
  private static void rejectUserInfo(String key, String uri) {
    String userInfo;
    try {
      userInfo = java.net.URI.create(uri).getRawUserInfo();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model_registry.config." + key + " is not a URI (" + e.getMessage().replace(uri, "<" + key + ">")
          + "); write it as http(s)://host:port");
    }
    if (userInfo != null) {
      throw new IllegalArgumentException("model_registry.config." + key + " holds credentials (user:password@host); remove them from the URI"
          + " and set username/password (or token) through secret('...') instead");
    }
  }

  private static Optional<String> text(Map<String, Object> config, String key) {
    Object value = config.get(key);
    return value == null || String.valueOf(value).isBlank() ? Optional.empty() : Optional.of(String.valueOf(value).strip());
  }

  // ---- tracking ----------------------------------------------------------------------------------

  @Override
  public String logRun(RunToLog run) {
    return logRun(run, Map.of(), Map.of());
  }

  /**
   * As {@link #logRun(RunToLog)}, with {@code extraTags} on the run (set when it is created) and
   * {@code extraArtifacts} (file name to bytes) uploaded before it is marked FINISHED.
   */
  String logRun(RunToLog run, Map<String, String> extraTags, Map<String, byte[]> extraArtifacts) {
    String experimentId = experimentId(experimentName.orElseGet(() -> run.experiment().orElse(run.pipeline())) + experimentSuffix);
    for (JsonNode existing : searchRuns(List.of(experimentId), "tags.`" + TAG_RUN_ID + "` = '" + run.mbtRunId() + "'", 10)) {
      String status = existing.at("/info/status").asText();
      String id = existing.at("/info/run_id").asText();
      if ("FINISHED".equals(status)) {
        return id;
      }
      // Left behind by a killed upload: never served, kept for forensics as FAILED.
      post("runs/update", json().put("run_id", id).put("status", "FAILED"));
    }
    ObjectNode create = json().put("experiment_id", experimentId).put("start_time", run.createdAt().toEpochMilli())
        .put("run_name", run.pipeline() + "-" + run.mbtRunId());
    ArrayNode tags = create.putArray("tags");
    tags.addObject().put("key", TAG_RUN_ID).put("value", run.mbtRunId());
    tags.addObject().put("key", TAG_PIPELINE).put("value", run.pipeline());
    run.tags().forEach(t -> tags.addObject().put("key", "mbt.tag." + t).put("value", "true"));
    extraTags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
    JsonNode created = post("runs/create", create);
    String runId = created.at("/run/info/run_id").asText();
    String artifactUri = created.at("/run/info/artifact_uri").asText();

    ObjectNode batch = json().put("run_id", runId);
    ArrayNode params = batch.putArray("params");
    run.params().forEach((k, v) -> params.addObject().put("key", k).put("value", truncate(String.valueOf(v), 500)));
    ArrayNode metrics = batch.putArray("metrics");
    run.metrics().forEach((k, v) -> {
      if (v != null && !v.isNaN() && !v.isInfinite()) {
        metrics.addObject().put("key", k).put("value", v).put("timestamp", run.createdAt().toEpochMilli()).put("step", 0);
      }
    });
    post("runs/log-batch", batch);

    try {
      Path staging = Files.createTempDirectory("mbt-mlflow-");
      try {
        run.transforms().write().overwrite().save(staging.resolve("transforms").toUri().toString());
        artifacts.uploadDirectory(artifactUri, "transforms", staging.resolve("transforms"));
        artifacts.uploadHadoopDirectory(artifactUri, "model", run.modelUri(), hadoop);
        if (run.plotsUri().isPresent()) {
          artifacts.uploadHadoopDirectory(artifactUri, "plots", run.plotsUri().get(), hadoop);
        }
        artifacts.upload(artifactUri, "metrics.json", ManifestJson.mapper().writeValueAsBytes(run.evaluation()));
        for (Map.Entry<String, byte[]> extra : extraArtifacts.entrySet()) {
          artifacts.upload(artifactUri, extra.getKey(), extra.getValue());
        }
        artifacts.upload(artifactUri, METADATA, ManifestJson.mapper().writeValueAsBytes(metadata(run)));
      } finally {
        org.apache.commons.io.FileUtils.deleteQuietly(staging.toFile());
      }
    } catch (IOException e) {
      throw new RegistryException("uploading the artifacts of run " + run.mbtRunId() + " to MLflow at " + trackingUri + " failed: " + e.getMessage()
          + "; the MLflow run " + runId + " stays unfinished and is replaced when log_run is retried (mbt retry)", e);
    }
    // FINISHED last: it is what marks the run complete.
    post("runs/update", json().put("run_id", runId).put("status", "FINISHED").put("end_time", System.currentTimeMillis()));
    return runId;
  }

  private static Map<String, Object> metadata(RunToLog run) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format_version", 1);
    m.put("pipeline", run.pipeline());
    m.put("mbt_run_id", run.mbtRunId());
    m.put("experiment", run.experiment().orElse(null));
    m.put("tags", run.tags());
    m.put("params", run.params());
    m.put("created_at", run.createdAt().toString());
    m.put("label", run.label());
    m.put("training_schema", ManifestJson.mapper().readTree(run.trainingSchema().json()));
    return m;
  }

  @Override
  public RegisteredRun loadRun(String runId) {
    JsonNode run;
    try {
      run = get("runs/get?run_id=" + encode(runId)).get("run");
    } catch (MlflowHttpException e) {
      if (e.getStatusCode() == 404 || e.getStatusCode() == 400) {
        throw new RunNotFoundException("no run '" + runId + "' in the MLflow tracking server at " + trackingUri
            + "; check the run id (mbt status shows the registry run of the last training run), or train the pipeline first");
      }
      throw unreachable("reading run " + runId, e);
    } catch (MlflowClientException e) {
      throw unreachable("reading run " + runId, e);
    }
    String status = run.at("/info/status").asText();
    if ("deleted".equals(run.at("/info/lifecycle_stage").asText())) {
      throw new RunNotFoundException("MLflow run '" + runId + "' at " + trackingUri + " was deleted; serve another run");
    }
    if (!"FINISHED".equals(status)) {
      throw new RunNotFoundException("MLflow run '" + runId + "' at " + trackingUri + " is " + status
          + ", not FINISHED: its logging did not complete, so it is not served. Retry the training run's log_run (mbt retry), or serve another run");
    }
    Path local = download(runId, run.at("/info/artifact_uri").asText());
    try {
      JsonNode meta = ManifestJson.mapper().readTree(local.resolve(METADATA).toFile());
      Map<String, Object> params = new LinkedHashMap<>();
      run.at("/data/params").forEach(p -> params.put(p.get("key").asText(), p.get("value").asText()));
      Map<String, Double> metrics = new LinkedHashMap<>();
      run.at("/data/metrics").forEach(p -> metrics.put(p.get("key").asText(), p.get("value").asDouble()));
      List<String> tags = new ArrayList<>();
      meta.path("tags").forEach(t -> tags.add(t.asText()));
      StructType schema = (StructType) DataType.fromJson(meta.get("training_schema").toString());
      LabelInfo label = ManifestJson.mapper().treeToValue(meta.get("label"), LabelInfo.class);
      Path plots = local.resolve("plots");
      return new RegisteredRun(NAME, runId, trackingUri + "/#/experiments/" + run.at("/info/experiment_id").asText() + "/runs/" + runId,
          meta.get("pipeline").asText(), meta.get("mbt_run_id").asText(),
          meta.hasNonNull("experiment") ? Optional.of(meta.get("experiment").asText()) : Optional.empty(), tags, params, metrics,
          Instant.parse(meta.get("created_at").asText()), "success", label, schema, local.resolve("model").toUri().toString(),
          local.resolve("transforms").toUri().toString(), local.resolve("metrics.json").toUri().toString(),
          Files.isDirectory(plots) ? Optional.of(plots.toUri().toString()) : Optional.empty());
    } catch (IOException e) {
      throw new RegistryException("MLflow run " + runId + " has no readable " + METADATA + " (" + e.getMessage()
          + "); it was not logged by MBT's log_run", e);
    }
  }

  /** The run's artifacts in the local cache (downloaded whole to a temp dir, then renamed; reused once complete). */
  private Path download(String runId, String artifactUri) {
    Path target = cacheDir.resolve(runId);
    if (Files.isRegularFile(target.resolve(METADATA))) {
      return target;
    }
    Path tmp = cacheDir.resolve("_tmp-" + runId + "-" + UUID.randomUUID());
    try {
      Files.createDirectories(cacheDir);
      artifacts.downloadAll(artifactUri, tmp);
      if (!Files.isRegularFile(tmp.resolve(METADATA))) {
        throw new IOException("the run has no " + METADATA);
      }
      try {
        Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
        // Another process cached it first: theirs is as good as ours.
      }
      return target;
    } catch (IOException e) {
      throw new RegistryException("downloading the artifacts of MLflow run " + runId + " from " + trackingUri + " failed: " + e.getMessage(), e);
    } finally {
      org.apache.commons.io.FileUtils.deleteQuietly(tmp.toFile());
    }
  }

  @Override
  public Optional<String> latestRunId(String pipeline) {
    List<String> ids = runIds(pipeline);
    return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(0));
  }

  @Override
  public List<String> runIds(String pipeline) {
    List<String> experiments = new ArrayList<>();
    JsonNode found = post("experiments/search", json().put("max_results", 1000));
    found.path("experiments").forEach(e -> experiments.add(e.get("experiment_id").asText()));
    if (experiments.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (JsonNode run : searchRuns(experiments, "tags.`" + TAG_PIPELINE + "` = '" + pipeline + "' and attributes.status = 'FINISHED'", 1000)) {
      if (!isCandidate(run)) {
        out.add(run.at("/info/run_id").asText());
      }
    }
    return out;
  }

  /** Whether publishBundle logged the run (tag {@code mbt.source=model_factory}): a candidate serves only once promoted. */
  private static boolean isCandidate(JsonNode run) {
    for (JsonNode tag : run.at("/data/tags")) {
      if (CandidateBundles.TAG_SOURCE.equals(tag.path("key").asText()) && CandidateBundles.SOURCE_MODEL_FACTORY.equals(tag.path("value").asText())) {
        return true;
      }
    }
    return false;
  }

  private List<JsonNode> searchRuns(List<String> experimentIds, String filter, int max) {
    ObjectNode search = json().put("filter", filter).put("max_results", max);
    ArrayNode ids = search.putArray("experiment_ids");
    experimentIds.forEach(ids::add);
    search.putArray("order_by").add("attributes.start_time DESC");
    List<JsonNode> out = new ArrayList<>();
    post("runs/search", search).path("runs").forEach(out::add);
    return out;
  }

  private String experimentId(String name) {
    try {
      return get("experiments/get-by-name?experiment_name=" + encode(name)).at("/experiment/experiment_id").asText();
    } catch (MlflowHttpException e) {
      if (e.getStatusCode() != 404 && e.getStatusCode() != 400) {
        throw unreachable("looking up experiment " + name, e);
      }
    } catch (MlflowClientException e) {
      throw unreachable("looking up experiment " + name, e);
    }
    try {
      return post("experiments/create", json().put("name", name)).get("experiment_id").asText();
    } catch (RegistryException e) {
      // Created concurrently by another run.
      return get("experiments/get-by-name?experiment_name=" + encode(name)).at("/experiment/experiment_id").asText();
    }
  }

  // ---- registered models and aliases -------------------------------------------------------------

  @Override
  public ModelVersion registerModel(String modelName, String runId) {
    loadRunInfo(runId);
    Optional<ModelVersion> existing = versionOfRun(modelName, runId);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      registryPost("registered-models/create", json().put("name", modelName));
    } catch (RegistryException alreadyThere) {
      // RESOURCE_ALREADY_EXISTS: the model exists; anything else resurfaces on the next call.
    }
    ObjectNode create = json().put("name", modelName).put("source", "runs:/" + runId + "/model").put("run_id", runId);
    create.putArray("tags").addObject().put("key", TAG_RUN_ID).put("value", runId);
    JsonNode version = registryPost("model-versions/create", create).get("model_version");
    // A concurrent registration of the same run may have won: keep the lowest version, delete ours.
    ModelVersion winner = versionOfRun(modelName, runId).orElseThrow();
    if (!winner.version().equals(version.get("version").asText())) {
      deleteVersion(modelName, version.get("version").asText());
    }
    awaitReady(modelName, winner.version());
    return winner;
  }

  /** A version is usable once READY; a server copying the source asynchronously reports PENDING_REGISTRATION first. */
  void awaitReady(String modelName, String version) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      String status = registryGet("model-versions/get?name=" + encode(modelName) + "&version=" + encode(version)).at("/model_version/status").asText();
      if ("READY".equals(status) || status.isEmpty()) {
        return;
      }
      if ("FAILED_REGISTRATION".equals(status) || System.nanoTime() > deadline) {
        throw new RegistryException("version " + version + " of registered model '" + modelName + "' at " + trackingUri + " is " + status
            + (status.startsWith("FAILED") ? "" : " after " + timeoutSeconds + " s") + ", not READY; check the MLflow server's log, then retry", null);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException("interrupted waiting for version " + version + " of registered model '" + modelName + "'", e);
      }
    }
  }

  private void loadRunInfo(String runId) {
    try {
      get("runs/get?run_id=" + encode(runId));
    } catch (MlflowHttpException e) {
      throw new RunNotFoundException("no run '" + runId + "' in the MLflow tracking server at " + trackingUri);
    } catch (MlflowClientException e) {
      throw unreachable("reading run " + runId, e);
    }
  }

  private Optional<ModelVersion> versionOfRun(String modelName, String runId) {
    return modelVersions(modelName).stream().filter(v -> v.runId().equals(runId))
        .min(java.util.Comparator.comparingLong(v -> Long.parseLong(v.version())));
  }

  @Override
  public List<ModelVersion> modelVersions(String modelName) {
    JsonNode found = registryGet("model-versions/search?max_results=1000&filter=" + encode("name='" + modelName.replace("'", "\\'") + "'"));
    List<ModelVersion> out = new ArrayList<>();
    found.path("model_versions").forEach(v -> out.add(new ModelVersion(v.get("name").asText(), v.get("version").asText(), v.get("run_id").asText(),
        Instant.ofEpochMilli(v.get("creation_timestamp").asLong()))));
    out.sort(java.util.Comparator.comparingLong((ModelVersion v) -> Long.parseLong(v.version())).reversed());
    return out;
  }

  @Override
  public Optional<String> aliasRunId(String modelName, String alias) {
    try {
      JsonNode version = registryGet("registered-models/alias?name=" + encode(modelName) + "&alias=" + encode(alias)).get("model_version");
      return Optional.of(version.get("run_id").asText());
    } catch (RegistryException e) {
      if (notFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<AliasEvent> aliasEvents(String modelName, String alias) {
    JsonNode model;
    try {
      model = registryGet("registered-models/get?name=" + encode(modelName)).get("registered_model");
    } catch (RegistryException e) {
      if (notFound(e)) {
        return List.of();
      }
      throw e;
    }
    List<AliasEvent> events = new ArrayList<>();
    String prefix = EVENT_TAG + alias + ".";
    for (JsonNode tag : model.path("tags")) {
      if (tag.get("key").asText().startsWith(prefix)) {
        try {
          JsonNode e = ManifestJson.mapper().readTree(tag.get("value").asText());
          events.add(new AliasEvent(e.get("sequence").asLong(), modelName, alias, AliasAction.valueOf(e.get("action").asText().toUpperCase()),
              e.hasNonNull("from_run_id") ? Optional.of(e.get("from_run_id").asText()) : Optional.empty(), e.get("to_run_id").asText(),
              e.get("actor").asText(), e.get("reason").asText(), Instant.parse(e.get("at").asText())));
        } catch (IOException bad) {
          throw new RegistryException("registered model " + modelName + " has an unreadable tag " + tag.get("key").asText(), bad);
        }
      }
    }
    events.sort(java.util.Comparator.comparingLong(AliasEvent::sequence));
    return events;
  }

  @Override
  public AliasEvent moveAlias(AliasChange change) {
    List<ModelVersion> versions = modelVersions(change.modelName());
    AliasHistory history = new AliasHistory(aliasEvents(change.modelName(), change.alias()));
    String to;
    if (change.action() == AliasAction.PROMOTE) {
      to = change.runId().orElseThrow();
      String target = to;
      if (versions.stream().noneMatch(v -> v.runId().equals(target))) {
        throw new IllegalArgumentException("run " + to + " is not a registered version of model '" + change.modelName() + "'"
            + (versions.isEmpty() ? " (it has no versions)" : "; its versions' runs, newest first: " + versions.stream().map(ModelVersion::runId).toList())
            + ". A training run's log_run registers it; pick one of those runs");
      }
      if (history.current().filter(to::equals).isPresent()) {
        return history.last().orElseThrow();
      }
    } else {
      to = history.rollbackTarget(change.alias(), change.runId());
    }
    String target = to;
    ModelVersion version = versions.stream().filter(v -> v.runId().equals(target)).findFirst().orElseThrow();
    AliasEvent event = new AliasEvent(history.nextSequence(), change.modelName(), change.alias(), change.action(), history.current(), to,
        change.actor(), change.reason(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    ObjectNode value = json().put("sequence", event.sequence()).put("action", event.action().label()).put("to_run_id", to)
        .put("actor", event.actor()).put("reason", event.reason()).put("at", event.at().toString());
    event.fromRunId().ifPresent(f -> value.put("from_run_id", f));
    // Truth first (the alias), then its record; a retry after a crash in between re-records nothing conflicting.
    registryPost("registered-models/alias", json().put("name", change.modelName()).put("alias", change.alias()).put("version", version.version()));
    registryPost("registered-models/set-tag", json().put("name", change.modelName())
        .put("key", EVENT_TAG + change.alias() + "." + String.format("%010d", event.sequence())).put("value", value.toString()));
    return event;
  }

  /** MLflow answers a missing model or alias with 404, or 400 "... not found" (aliases). */
  private static boolean notFound(RegistryException e) {
    return e.getCause() instanceof MlflowHttpException http
        && (http.getStatusCode() == 404 || String.valueOf(http.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST")
            || String.valueOf(http.getBodyMessage()).contains("not found"));
  }

  @Override
  public boolean healthCheck() {
    return artifacts.healthy();
  }

  @Override
  public void close() {
    rest.close();
  }

  @Override
  public String toString() {
    return "MlflowModelRegistry[" + trackingUri + "]";
  }

  // ---- Model Factory candidates (MlflowBundlePublisher) -------------------------------------------

  @Override
  public PublishResult publishBundle(BundleToPublish bundle) {
    return new MlflowBundlePublisher(this).publish(bundle);
  }

  @Override
  public Optional<PublishedBundle> bundleStatus(String modelName, String bundleFingerprint) {
    return new MlflowBundlePublisher(this).status(modelName, bundleFingerprint);
  }

  // ---- REST (MlflowRest) -------------------------------------------------------------------------

  /**
   * Deletes version {@code version} of {@code modelName}, once; a version already gone is fine (a
   * racing publisher deleted the same duplicate).
   */
  void deleteVersion(String modelName, String version) {
    String what = "deleting version " + version + " of registered model '" + modelName + "'";
    MlflowRest.Response response;
    try {
      response = rest.registryOnce("DELETE", "model-versions/delete", json().put("name", modelName).put("version", version));
    } catch (IOException e) {
      throw new RegistryException("MLflow at " + trackingUri + " failed " + what + ": " + e, e);
    }
    if (!response.ok() && !"RESOURCE_DOES_NOT_EXIST".equals(response.errorCode())) {
      throw new RegistryException("MLflow at " + trackingUri + " failed " + what + ": HTTP " + response.status() + " " + response.firstLine(), null);
    }
  }

  MlflowRest rest() {
    return rest;
  }

  private static ObjectNode json() {
    return MlflowRest.json();
  }

  private JsonNode get(String path) {
    return rest.get(path);
  }

  private JsonNode post(String path, JsonNode body) {
    return rest.post(path, body);
  }

  private JsonNode registryGet(String path) {
    return rest.registryGet(path);
  }

  private JsonNode registryPost(String path, JsonNode body) {
    return rest.registryPost(path, body);
  }

  private RegistryException unreachable(String what, MlflowClientException e) {
    return rest.failure(what, e);
  }

  private static String encode(String value) {
    return MlflowRest.encode(value);
  }

  private static String truncate(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max - 3) + "...";
  }
}
