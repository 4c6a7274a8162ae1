package io.mbt.steps.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.mbt.compiler.manifest.ManifestJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The embedded default registry ({@code type: local}): files under {@code config.path} (relative to
 * the project, or any Hadoop URI), laid out as
 *
 * <pre>
 * &lt;path&gt;/runs/&lt;run_id&gt;/run.json       pipeline, MBT run id, experiment, tags, params, metrics,
 *                                  created_at, status, label, training schema
 *                          model/          the ModelBundle
 *                          transforms/     one PipelineModel of every fitted transform
 *                          metrics.json    the eval_metrics document
 *                          plots/          PNG plots
 * &lt;path&gt;/models/&lt;name&gt;/versions/&lt;n&gt;.json              a run registered as version n
 * &lt;path&gt;/models/&lt;name&gt;/aliases/&lt;alias&gt;/events/&lt;seq&gt;.json  one move of the alias (append-only)
 * &lt;path&gt;/models/&lt;name&gt;/bundles/...                  published Model Factory bundles (see {@code LocalBundlePublisher})
 * </pre>
 *
 * The registry run id is MBT's run id. A run directory is written whole under {@code
 * runs/_tmp-<uuid>/} and renamed into place, so readers see a complete run or none (on object
 * stores, whose renames copy, a reader may briefly see no run). Runs are never modified after; the
 * other top-level names under {@code <path>} are reserved for registry-wide state such as an
 * append-only event log of aliases.
 */
public final class LocalModelRegistry implements ModelRegistry {
  public static final String NAME = "local";
  static final String DEFAULT_PATH = "./mbt_registry";
  static final String RUNS = "runs";
  private static final String TMP_PREFIX = "_tmp-";
  /** A URI scheme of two letters or more (one letter is a Windows drive). */
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:");
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private String rootUri;
  private Configuration hadoop;

  /** For {@link java.util.ServiceLoader}; {@link #configure} must follow. */
  public LocalModelRegistry() {}

  private LocalModelRegistry(String rootUri, Configuration hadoop) {
    this.rootUri = rootUri;
    this.hadoop = hadoop;
  }

  /** A registry rooted at {@code rootUri} (a Hadoop URI), for callers outside a pipeline. */
  public static LocalModelRegistry at(String rootUri, Configuration hadoop) {
    return new LocalModelRegistry(trimSlashes(requireNonNull(rootUri, "rootUri is null")), requireNonNull(hadoop, "hadoop is null"));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void configure(RegistryEnvironment environment) {
    Object path = environment.config().getOrDefault("path", DEFAULT_PATH);
    if (!(path instanceof String text) || text.isBlank()) {
      throw RegistryErrors.invalidConfig("path", path, "a directory or URI, e.g. ./mbt_registry or s3a://bucket/registry");
    }
    this.rootUri = resolve(text.strip(), environment.projectDir());
    this.hadoop = environment.hadoop();
  }

  /** A URI with a scheme as is; a path resolved against the project directory. */
  static String resolve(String path, java.nio.file.Path projectDir) {
    if (SCHEME.matcher(path).lookingAt()) {
      return trimSlashes(path);
    }
    return trimSlashes(projectDir.toAbsolutePath().resolve(path).normalize().toUri().toString());
  }

  /** Where the registry lives. */
  public String uri() {
    checkConfigured();
    return rootUri;
  }

  @Override
  public String logRun(RunToLog run) {
    return logRun(run, Optional.empty());
  }

  /** As {@link #logRun(RunToLog)}, marking the run with {@code source} (see {@link RunDocument}). */
  String logRun(RunToLog run, Optional<String> source) {
    checkConfigured();
    String runId = run.mbtRunId();
    checkRunId(runId);
    Path runs = new Path(rootUri, RUNS);
    Path target = new Path(runs, runId);
    Path tmp = new Path(runs, TMP_PREFIX + UUID.randomUUID());
    try {
      FileSystem fs = runs.getFileSystem(hadoop);
      Optional<RunDocument> existing = readDocument(fs, target);
      if (existing.isPresent()) {
        return sameRun(existing.get(), run, target);
      }
      try {
        fs.mkdirs(tmp);
        FileUtil.copy(fs(run.modelUri()), new Path(run.modelUri()), fs, new Path(tmp, RunDocument.MODEL), false, hadoop);
        run.transforms().write().save(new Path(tmp, RunDocument.TRANSFORMS).toString());
        Path plots = new Path(tmp, RunDocument.PLOTS);
        if (run.plotsUri().isPresent() && fs(run.plotsUri().get()).exists(new Path(run.plotsUri().get()))) {
          FileUtil.copy(fs(run.plotsUri().get()), new Path(run.plotsUri().get()), fs, plots, false, hadoop);
        } else {
          fs.mkdirs(plots);
        }
        write(fs, new Path(tmp, RunDocument.METRICS), ManifestJson.mapper().writeValueAsBytes(run.evaluation()));
        // run.json last: its presence marks a complete run even where renames are not atomic.
        write(fs, new Path(tmp, RunDocument.FILE), ManifestJson.mapper().writeValueAsBytes(document(run, source)));
        if (!fs.rename(tmp, target) || fs.exists(new Path(target, tmp.getName()))) {
          // Another writer renamed first (a local rename may then nest ours inside its directory).
          fs.delete(new Path(target, tmp.getName()), true);
          RunDocument winner = readDocument(fs, target).orElseThrow(() -> new IOException("rename of " + tmp + " to " + target + " failed"));
          return sameRun(winner, run, target);
        }
        return runId;
      } finally {
        fs.delete(tmp, true);
      }
    } catch (IOException e) {
      throw RegistryErrors.ioFailure("logging run " + runId + " to", target.toString(), e);
    }
  }

  private static String sameRun(RunDocument logged, RunToLog run, Path target) {
    if (!logged.mbtRunId().equals(run.mbtRunId()) || !logged.pipeline().equals(run.pipeline())) {
      throw RegistryErrors.runIdTaken(logged.registryRunId(), target.toString(), logged.pipeline(), logged.mbtRunId(), run.pipeline(),
          run.mbtRunId());
    }
    return logged.registryRunId();
  }

  private RunDocument document(RunToLog run, Optional<String> source) throws IOException {
    JsonNode schema = ManifestJson.mapper().readTree(run.trainingSchema().json());
    return new RunDocument(RunDocument.FORMAT_VERSION, run.mbtRunId(), run.mbtRunId(), run.pipeline(), run.experiment(), run.tags(),
        run.params(), run.metrics(), run.createdAt().toString(), "success", run.label(), schema,
        Map.of("model", RunDocument.MODEL, "transforms", RunDocument.TRANSFORMS, "metrics", RunDocument.METRICS, "plots",
            RunDocument.PLOTS), source);
  }

  @Override
  public RegisteredRun loadRun(String runId) {
    checkConfigured();
    checkRunId(runId);
    Path dir = new Path(new Path(rootUri, RUNS), runId);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      RunDocument doc = readDocument(fs, dir).orElseThrow(() -> RegistryErrors.runNotFound(runId, rootUri, newest(fs, 5)));
      StructType schema = (StructType) DataType.fromJson(doc.trainingSchema().toString());
      Path plots = new Path(dir, RunDocument.PLOTS);
      return new RegisteredRun(NAME, doc.registryRunId(), dir.toString(), doc.pipeline(), doc.mbtRunId(), doc.experiment(),
          doc.tags() == null ? List.of() : doc.tags(), doc.params() == null ? Map.of() : doc.params(),
          doc.metrics() == null ? Map.of() : doc.metrics(), Instant.parse(doc.createdAt()), doc.status(), doc.label(), schema,
          new Path(dir, RunDocument.MODEL).toString(), new Path(dir, RunDocument.TRANSFORMS).toString(),
          new Path(dir, RunDocument.METRICS).toString(), fs.exists(plots) ? Optional.of(plots.toString()) : Optional.empty());
    } catch (IOException e) {
      throw RegistryErrors.ioFailure("reading run " + runId + " from", dir.toString(), e);
    }
  }

  @Override
  public Optional<String> latestRunId(String pipeline) {
    List<String> ids = runIds(pipeline);
    return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(0));
  }

  /** Scans every run's run.json: fine for a file registry's hundreds of runs. Model Factory candidates are left out. */
  @Override
  public List<String> runIds(String pipeline) {
    checkConfigured();
    Path runs = new Path(rootUri, RUNS);
    try {
      FileSystem fs = runs.getFileSystem(hadoop);
      return documents(fs).stream()
          .filter(d -> d.pipeline().equals(pipeline) && "success".equals(d.status()) && !d.isCandidate())
          .map(RunDocument::registryRunId)
          .toList();
    } catch (IOException e) {
      throw RegistryErrors.ioFailure("listing runs of", runs.toString(), e);
    }
  }

  // ---- registered models and aliases -------------------------------------------------------------
  // models/<name>/versions/<n>.json and models/<name>/aliases/<alias>/events/<seq>.json: every file is
  // created once, exclusively (ExclusiveFiles), so two writers racing for a version number or an
  // event sequence cannot both win; the loser re-reads and retries (or reports the race).

  private static final String MODELS = "models";
  private static final int CLAIM_ATTEMPTS = 20;

  /** {@code versions/<n>.json}; {@code tags} are a published bundle's ({@link CandidateBundles#versionTags}), absent otherwise. */
  record VersionDocument(String modelName, long version, String runId, String createdAt, Map<String, String> tags) {
    ModelVersion toVersion() {
      return new ModelVersion(modelName, Long.toString(version), runId, Instant.parse(createdAt));
    }

    Map<String, String> tagsOrEmpty() {
      return tags == null ? Map.of() : tags;
    }
  }

  /** A version of a model, and whether the call that returned it created it. */
  record RegisteredVersion(VersionDocument document, boolean created) {}

  @Override
  public ModelVersion registerModel(String modelName, String runId) {
    checkConfigured();
    checkName("model name", modelName);
    loadRun(runId); // RunNotFoundException for an unknown run
    try {
      return registerVersion(modelName, runId, Map.of()).document().toVersion();
    } catch (IOException e) {
      throw RegistryErrors.ioFailure("registering run " + runId + " as a version of model " + modelName + " in", versionsDir(modelName).toString(), e);
    }
  }

  /**
   * The version of {@code modelName} that points at {@code runId}, created with {@code tags} if there
   * is none (the run must exist). One version per run, also when writers race.
   */
  RegisteredVersion registerVersion(String modelName, String runId, Map<String, String> tags) throws IOException {
    Path dir = versionsDir(modelName);
    FileSystem fs = dir.getFileSystem(hadoop);
    for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      List<VersionDocument> versions = versionDocuments(fs, dir);
      Optional<VersionDocument> existing = versions.stream().filter(v -> v.runId().equals(runId)).findFirst();
      if (existing.isPresent()) {
        return new RegisteredVersion(existing.get(), false);
      }
      long next = versions.isEmpty() ? 1 : versions.get(0).version() + 1;
      VersionDocument doc = new VersionDocument(modelName, next, runId, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(),
          tags.isEmpty() ? null : Map.copyOf(tags));
      if (claim(fs, new Path(dir, next + ".json"), ManifestJson.mapper().writeValueAsBytes(doc))) {
        return new RegisteredVersion(doc, true);
      }
    }
    throw new RegistryException("registering run " + runId + " as a version of " + modelName + " lost " + CLAIM_ATTEMPTS
        + " races with other writers; retry", null);
  }

  private Path versionsDir(String modelName) {
    return new Path(new Path(new Path(rootUri, MODELS), modelName), "versions");
  }

  /** {@code models/<name>/}: where a model's versions, aliases and published bundles live. */
  Path modelDir(String modelName) {
    checkConfigured();
    checkName("model name", modelName);
    return new Path(new Path(rootUri, MODELS), modelName);
  }

  /** The version documents of {@code modelName}, newest first. */
  List<VersionDocument> versionDocuments(String modelName) throws IOException {
    Path dir = versionsDir(modelName);
    return versionDocuments(dir.getFileSystem(hadoop), dir);
  }

  /** The aliases of {@code modelName} (those with a recorded move). */
  List<String> aliases(String modelName) throws IOException {
    Path dir = new Path(modelDir(modelName), "aliases");
    FileSystem fs = dir.getFileSystem(hadoop);
    List<String> out = new ArrayList<>();
    if (fs.exists(dir)) {
      for (FileStatus status : fs.listStatus(dir)) {
        if (status.isDirectory() && RUN_ID.matcher(status.getPath().getName()).matches()) {
          out.add(status.getPath().getName());
        }
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  Configuration hadoop() {
    checkConfigured();
    return hadoop;
  }

  // ---- Model Factory candidates (LocalBundlePublisher) ----------------------------------------------

  @Override
  public PublishResult publishBundle(BundleToPublish bundle) {
    return new LocalBundlePublisher(this).publish(bundle);
  }

  @Override
  public Optional<PublishedBundle> bundleStatus(String modelName, String bundleFingerprint) {
    return new LocalBundlePublisher(this).status(modelName, bundleFingerprint);
  }

  @Override
  public List<ModelVersion> modelVersions(String modelName) {
    checkConfigured();
    checkName("model name", modelName);
    Path dir = versionsDir(modelName);
    try {
      return versionDocuments(dir.getFileSystem(hadoop), dir).stream().map(VersionDocument::toVersion).toList();
    } catch (IOException e) {
      throw RegistryErrors.ioFailure("listing the versions of model " + modelName + " in", dir.toString(), e);
    }
  }

  /** Newest (highest version) first. */
  private static List<VersionDocument> versionDocuments(FileSystem fs, Path dir) throws IOException {
    List<VersionDocument> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus status : fs.listStatus(dir)) {
      if (status.isFile() && status.getPath().getName().matches("[0-9]+\\.json")) {
        out.add(readClaimed(fs, status.getPath(), VersionDocument.class));
      }
    }
    out.sort(Comparator.comparingLong(VersionDocument::version).reversed());
    return out;
  }

  /** {@code aliases/<alias>/events/<seq>.json} (timestamps as ISO text). */
  record EventDocument(long sequence, String modelName, String alias, String action, Optional<String> fromRunId, String toRunId, String actor,
      String reason, String at) {
    static EventDocument of(AliasEvent e) {
      return new EventDocument(e.sequence(), e.modelName(), e.alias(), e.action().label(), e.fromRunId(), e.toRunId(), e.actor(), e.reason(),
          e.at().toString());
    }

    AliasEvent toEvent() {
      return new AliasEvent(sequence, modelName, alias, AliasAction.valueOf(action.toUpperCase(java.util.Locale.ROOT)),
          fromRunId == null ? Optional.empty() : fromRunId, toRunId, actor, reason, Instant.parse(at));
    }
  }

  @Override
  public Optional<String> aliasRunId(String modelName, String alias) {
    return new AliasHistory(aliasEvents(modelName, alias)).current();
  }

  @Override
  public List<AliasEvent> aliasEvents(String modelName, String alias) {
    checkConfigured();
    Path dir = aliasDir(modelName, alias);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      List<AliasEvent> events = new ArrayList<>();
      if (fs.exists(dir)) {
        for (FileStatus status : fs.listStatus(dir)) {
          if (status.isFile() && status.getPath().getName().matches("[0-9]+\\.json")) {
            events.add(readClaimed(fs, status.getPath(), EventDocument.class).toEvent());
          }
        }
      }
      events.sort(Comparator.comparingLong(AliasEvent::sequence));
      return events;
    } catch (IOException e) {
      throw RegistryErrors.ioFailure("reading the events of alias " + alias + " of model " + modelName + " in", dir.toString(), e);
    }
  }

  @Override
  public AliasEvent moveAlias(AliasChange change) {
    checkConfigured();
    Path dir = aliasDir(change.modelName(), change.alias());
    List<String> versions = modelVersions(change.modelName()).stream().map(ModelVersion::runId).toList();
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      AliasHistory history = new AliasHistory(aliasEvents(change.modelName(), change.alias()));
      String to;
      if (change.action() == AliasAction.PROMOTE) {
        to = change.runId().orElseThrow();
        if (!versions.contains(to)) {
          throw new IllegalArgumentException("run " + to + " is not a registered version of model '" + change.modelName() + "'"
              + (versions.isEmpty() ? " (it has no versions)" : "; its versions' runs, newest first: " + versions)
              + ". A training run's log_run registers it; pick one of those runs");
        }
        if (history.current().filter(to::equals).isPresent()) {
          return history.last().orElseThrow(); // already there: safe to retry, nothing recorded twice
        }
      } else {
        to = history.rollbackTarget(change.alias(), change.runId());
      }
      AliasEvent event = new AliasEvent(history.nextSequence(), change.modelName(), change.alias(), change.action(), history.current(), to,
          change.actor(), change.reason(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
      if (!claim(fs, new Path(dir, String.format("%010d.json", event.sequence())), ManifestJson.mapper().writeValueAsBytes(EventDocument.of(event)))) {
        // Lost the race for this sequence number. If the winner did what we asked, ours is a retry.
        AliasHistory now = new AliasHistory(aliasEvents(change.modelName(), change.alias()));
        if (change.action() == AliasAction.PROMOTE && now.current().filter(to::equals).isPresent()) {
          return now.last().orElseThrow();
        }
        throw new RegistryException("alias '" + change.alias() + "' of model " + change.modelName()
            + " was moved by someone else at the same moment (event #" + event.sequence() + " is "
            + now.last().map(e -> e.action().label() + " to " + e.toRunId() + " by " + e.actor()).orElse("taken")
            + "); check `mbt registry history` and retry", null);
      }
      return event;
    } catch (IOException e) {
      throw RegistryErrors.ioFailure("moving alias " + change.alias() + " of model " + change.modelName() + " in", dir.toString(), e);
    }
  }

  private Path aliasDir(String modelName, String alias) {
    checkName("model name", modelName);
    checkName("alias", alias);
    return new Path(new Path(new Path(new Path(new Path(rootUri, MODELS), modelName), "aliases"), alias), "events");
  }

  /**
   * Reads a file {@link #claim} wrote. A claim creates the file before its content lands, so a
   * reader racing the writer may see it empty for a moment: wait for the content, briefly.
   */
  static <T> T readClaimed(FileSystem fs, Path file, Class<T> type) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try (InputStream in = fs.open(file)) {
        return ManifestJson.mapper().readValue(in, type);
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        if (attempt >= 100) {
          throw new IOException("unreadable registry file " + file + " (written by another MBT version, or edited by hand): " + e.getMessage(), e);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while reading " + file, interrupted);
        }
      }
    }
  }

  /** Creates {@code file} unless it exists; false if another writer created it first. */
  static boolean claim(FileSystem fs, Path file, byte[] content) throws IOException {
    return ExclusiveFiles.create(fs, file, content);
  }

  static void checkName(String what, String name) {
    if (name == null || !RUN_ID.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid " + what + " '" + name + "': use letters, digits, '-', '_' or '.', starting with a letter or digit");
    }
  }

  @Override
  public boolean healthCheck() {
    checkConfigured();
    try {
      Path runs = new Path(rootUri, RUNS);
      FileSystem fs = runs.getFileSystem(hadoop);
      return fs.mkdirs(runs) && fs.getFileStatus(runs).isDirectory();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Complete runs, newest first (created_at, then run id). */
  private List<RunDocument> documents(FileSystem fs) throws IOException {
    Path runs = new Path(rootUri, RUNS);
    if (!fs.exists(runs)) {
      return List.of();
    }
    List<RunDocument> docs = new ArrayList<>();
    for (FileStatus status : fs.listStatus(runs)) {
      String name = status.getPath().getName();
      if (status.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
        readDocument(fs, status.getPath()).ifPresent(docs::add);
      }
    }
    docs.sort(Comparator.comparing((RunDocument d) -> Instant.parse(d.createdAt())).thenComparing(RunDocument::registryRunId).reversed());
    return docs;
  }

  private List<String> newest(FileSystem fs, int limit) {
    try {
      return documents(fs).stream().limit(limit).map(d -> d.registryRunId() + " (" + d.pipeline() + ")").toList();
    } catch (IOException | RegistryException e) {
      return List.of();
    }
  }

  private static Optional<RunDocument> readDocument(FileSystem fs, Path runDir) throws IOException {
    Path file = new Path(runDir, RunDocument.FILE);
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(file)) {
      return Optional.of(ManifestJson.mapper().readValue(in, RunDocument.class));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw RegistryErrors.corruptRun(runDir.toString(), e);
    }
  }

  private static void write(FileSystem fs, Path file, byte[] content) throws IOException {
    try (OutputStream out = fs.create(file, false)) {
      out.write(content);
    }
  }

  private FileSystem fs(String uri) throws IOException {
    return new Path(uri).getFileSystem(hadoop);
  }

  private static void checkRunId(String runId) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw RegistryErrors.invalidRunId(runId);
    }
  }

  private void checkConfigured() {
    if (rootUri == null) {
      throw new IllegalStateException("LocalModelRegistry is not configured; get it through ModelRegistries.get or LocalModelRegistry.at");
    }
  }

  private static String trimSlashes(String uri) {
    String out = uri;
    while (out.length() > 1 && out.endsWith("/") && !out.endsWith(":/") && !out.endsWith("://")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  @Override
  public String toString() {
    return "LocalModelRegistry[" + rootUri + "]";
  }
}
