package io.mbt.steps.testing;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestMetadata;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.compiler.model.DeploymentSpec;
import io.mbt.compiler.model.PipelineType;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.Resources;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.compiler.profile.TargetConfig;
import io.mbt.steps.api.ArtifactKind;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.SourcePins;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.runner.PipelineRunner;
import io.mbt.steps.runner.RunFailedException;
import io.mbt.steps.runner.RunRequest;
import io.mbt.steps.runner.RunResults;
import io.mbt.steps.runner.StepRecord;
import io.mbt.steps.storage.ArtifactStore;
import io.mbt.steps.storage.DeltaArtifacts;
import io.mbt.steps.storage.WrittenTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one step the way {@code mbt exec} does: through the real {@link PipelineRunner}, against an
 * artifact store in a temporary project directory, with the inputs it reads seeded as if the
 * producing steps had run. Config goes through the manifest's JSON mapping, so a step sees exactly
 * what a compiled manifest would give it.
 *
 * <pre>{@code
 * @TempDir Path dir;
 *
 * StepHarness h = StepHarness.in(dir);
 * h.seedTable("run1", "load_data.raw_data", someDataFrame);       // an input, as load_data left it
 * StepHarness.StepRun run = h.step("validate_data", ValidateDataStep.class)
 *     .config("on_failure", OnFailure.FAIL)
 *     .config("checks", List.of(new CheckSpec.UniqueKey(List.of("id"), Optional.empty())))  // records are fine
 *     .inputs("load_data.raw_data")
 *     .outputs("validated_data", "data_profile")
 *     .run("run1");                                                 // throws StepFailedException if the step refuses
 * run.table("validated_data");  run.json("data_profile", DataProfile.class);  run.details().get("checks_passed");
 * run.logLines();                                                  // the step's JSON log lines (warnings)
 * h.read("run1", "validate_data.validated_data");                  // any table output, views resolved
 * }</pre>
 *
 * <p>Outputs of a step run stay in the store, so a test can chain steps: run {@code load_data},
 * then {@code split_data} with {@code .inputs("load_data.raw_data")} in the same run id. Steps
 * that read project files (a connector's {@code data_path}) find them under {@link #projectDir()}
 * (the default connector is {@code local_file} over {@code ./data}). The manifest's problem type
 * is binary classification unless {@link #withProblemType} says otherwise; the execution date is
 * {@link #DEFAULT_EXECUTION_DATE} unless {@link Spec#executionDate} says otherwise. Uses {@link
 * SharedSpark}; a harness is cheap, make one per test.
 */
public final class StepHarness {
  public static final String PIPELINE = "harness_pipeline";
  public static final LocalDate DEFAULT_EXECUTION_DATE = LocalDate.of(2025, 3, 15);

  private final Path projectDir;
  private final SparkSession spark;
  private final String storageRoot;
  private ProblemType problemType = ProblemType.BINARY_CLASSIFICATION;
  private AdapterRef dataConnector = AdapterRef.of("local_file", Map.of("data_path", "./data"));
  /** run id -> producer step -> its outputs. */
  private final Map<String, Map<String, Map<String, OutputRecord>>> seeds = new LinkedHashMap<>();
  /** The steps this harness ran, by {@code <runId>/<step>}: later manifests declare them as they ran, so derived tables can be rebuilt. */
  private final Map<String, Spec> ran = new LinkedHashMap<>();

  private StepHarness(Path projectDir) {
    this.projectDir = projectDir.toAbsolutePath();
    this.spark = SharedSpark.session();
    this.storageRoot = this.projectDir.resolve("artifacts").toUri().toString();
  }

  /** A harness whose project (and artifact store, under {@code artifacts/}) is {@code projectDir}. */
  public static StepHarness in(Path projectDir) {
    return new StepHarness(projectDir);
  }

  /** The manifest's {@code metadata.problem_type} (default binary classification). */
  public StepHarness withProblemType(ProblemType type) {
    this.problemType = requireNonNull(type, "type is null");
    return this;
  }

  /** The target's {@code data_connector} (default {@code local_file} over {@code ./data}). */
  public StepHarness withDataConnector(AdapterRef connector) {
    this.dataConnector = requireNonNull(connector, "connector is null");
    return this;
  }

  public Path projectDir() {
    return projectDir;
  }

  public SparkSession spark() {
    return spark;
  }

  /** {@code <storage root>/<pipeline>}: runs live under it as {@code <run_id>/<step>/<artifact>}. */
  public String artifactRoot() {
    return store().root();
  }

  /** The artifact store the runs of this harness use. */
  public ArtifactStore store() {
    return new PipelineRunner(spark, projectDir, resultsDir(), new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC())
        .store(manifest(List.of(), "none", new Spec("none", "none")));
  }

  /** Writes {@code data} as output {@code ref} ({@code step.artifact}) of run {@code runId}, as the producing step would. */
  public StepHarness seedTable(String runId, String ref, Dataset<Row> data) {
    String[] parts = split(ref);
    WrittenTable written = new DeltaArtifacts(spark, store()).write(runId, parts[0], parts[1], data);
    return seed(runId, parts, new OutputRecord(ArtifactKind.TABLE, written.uri(), "seeded:v" + written.version(),
        Optional.of(written.version())));
  }

  /** Writes {@code value} as JSON output {@code ref} of run {@code runId}. */
  public StepHarness seedJson(String runId, String ref, Object value) {
    String[] parts = split(ref);
    ArtifactStore store = store();
    store.put(runId, parts[0], parts[1], ManifestJson.write(value).getBytes(StandardCharsets.UTF_8));
    return seed(runId, parts, new OutputRecord(ArtifactKind.JSON, store.uri(runId, parts[0], parts[1]), "seeded", Optional.empty()));
  }

  private StepHarness seed(String runId, String[] parts, OutputRecord output) {
    Map<String, OutputRecord> outputs = seeds.computeIfAbsent(runId, r -> new LinkedHashMap<>()).computeIfAbsent(parts[0], s -> new LinkedHashMap<>());
    outputs.put(parts[1], output);
    StepRecord record = new StepRecord(parts[0], "seeded", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 0, outputs, Map.of(), "seeded",
        "test", Map.of());
    // Written as the runner writes step records (the manifest's JSON mapping).
    store().put(runId, parts[0], StepRecord.FILE, ManifestJson.write(record).getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** The outputs the step record of {@code step} in {@code runId} lists (seeded or really run). */
  private List<String> recordedOutputs(String runId, String step) {
    ArtifactStore store = store();
    if (!store.exists(runId, step, StepRecord.FILE)) {
      return List.of();
    }
    try {
      return List.copyOf(ManifestJson.mapper().readValue(store.get(runId, step, StepRecord.FILE), StepRecord.class).outputs().keySet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads table output {@code ref} ({@code step.artifact}) of run {@code runId} as a downstream step
   * would ({@code ctx.table} through the runner), so table views resolve like written tables.
   */
  public Dataset<Row> read(String runId, String ref) {
    Spec producer = ran.get(runId + "/" + split(ref)[0]);
    Spec read = step(READ_STEP, ReadBack.class).inputs(ref);
    if (producer != null) {
      read.executionDate(producer.executionDate);
    }
    read.run(runId);
    return ReadBack.LAST.get();
  }

  private static final String READ_STEP = "harness_read";

  /** The step behind {@link #read}: hands {@code ctx.table} of its only input back to the harness. */
  public static final class ReadBack implements io.mbt.steps.api.Step {
    static final ThreadLocal<Dataset<Row>> LAST = new ThreadLocal<>();

    @Override
    public void run(io.mbt.steps.api.StepContext ctx) {
      LAST.set(ctx.table(ctx.step().inputs().get(0)));
    }
  }

  private static String[] split(String ref) {
    int dot = ref.indexOf('.');
    if (dot <= 0) {
      throw new IllegalArgumentException("a reference is step.artifact, but was: '" + ref + "'");
    }
    return new String[] {ref.substring(0, dot), ref.substring(dot + 1)};
  }

  /** Starts describing a run of step {@code name}, implemented by {@code plugin}. */
  public Spec step(String name, Class<?> plugin) {
    return new Spec(name, plugin.getName());
  }

  /** One step to run: its config, inputs, outputs and execution date. */
  public final class Spec {
    private final String name;
    private final String plugin;
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private LocalDate executionDate = DEFAULT_EXECUTION_DATE;
    private Optional<SourcePins> sourcePins = Optional.empty();

    private Spec(String name, String plugin) {
      this.name = name;
      this.plugin = plugin;
    }

    /** A config key; records, enums and optionals are converted as the compiler writes them. */
    public Spec config(String key, Object value) {
      config.put(key, toJsonValue(value));
      return this;
    }

    public Spec config(Map<String, ?> values) {
      values.forEach(this::config);
      return this;
    }

    public Spec inputs(String... refs) {
      inputs.addAll(List.of(refs));
      return this;
    }

    public Spec outputs(String... names) {
      outputs.addAll(List.of(names));
      return this;
    }

    public Spec executionDate(LocalDate date) {
      this.executionDate = date;
      return this;
    }

    /** Runs the step with the request pinning its source tables to {@code pins}. */
    public Spec sourcePins(SourcePins pins) {
      this.sourcePins = Optional.of(requireNonNull(pins, "pins is null"));
      return this;
    }

    /**
     * Runs the step as run {@code runId}.
     *
     * @throws StepFailedException what the step threw, if it refused its input
     * @throws RunFailedException for any other failure
     */
    public StepRun run(String runId) {
      Manifest manifest = manifest(List.copyOf(inputs), runId, this);
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      PipelineRunner runner = new PipelineRunner(spark, projectDir, resultsDir(), new PrintStream(console, true, StandardCharsets.UTF_8),
          Clock.systemUTC());
      try {
        RunRequest request = RunRequest.exec(runId, executionDate, name);
        RunResults results = runner.run(manifest, sourcePins.map(request::withSourcePins).orElse(request));
        ran.put(runId + "/" + name, this);
        return new StepRun(name, runId, results, console.toString(StandardCharsets.UTF_8));
      } catch (RunFailedException e) {
        if (e.getCause() instanceof StepFailedException sf) {
          throw sf;
        }
        throw e;
      }
    }
  }

  /** As the planner writes config: element by element, so records of a polymorphic type keep their type id. */
  private static Object toJsonValue(Object value) {
    if (value instanceof java.util.Collection<?> list) {
      return list.stream().map(StepHarness::toJsonValue).toList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), toJsonValue(v)));
      return out;
    }
    return value == null ? null : ManifestJson.mapper().convertValue(value, Object.class);
  }

  private Path resultsDir() {
    return projectDir.resolve("target").resolve(PIPELINE);
  }

  private Manifest manifest(List<String> inputs, String runId, Spec spec) {
    Map<String, ManifestStep> steps = new LinkedHashMap<>();
    Map<String, List<String>> parents = new LinkedHashMap<>();
    List<List<String>> batches = new ArrayList<>();
    List<String> producers = inputs.stream().map(i -> split(i)[0]).distinct().toList();
    producers.forEach(producer -> addProducer(producer, runId, steps, parents, batches));
    steps.put(spec.name, new ManifestStep(spec.plugin, spec.config, Resources.none(), inputs, spec.outputs, producers, true));
    parents.put(spec.name, producers);
    batches.add(List.of(spec.name));
    return manifest(steps, parents, batches);
  }

  /**
   * The manifest of the steps this harness ran (or seeded) in run {@code runId}, as they ran, in
   * DAG order: what a compiled manifest of that pipeline would be, for code that reads a finished
   * run (its store is this harness's).
   */
  public Manifest manifestOfRun(String runId) {
    Map<String, ManifestStep> steps = new LinkedHashMap<>();
    Map<String, List<String>> parents = new LinkedHashMap<>();
    List<List<String>> batches = new ArrayList<>();
    String prefix = runId + "/";
    ran.keySet().stream().filter(key -> key.startsWith(prefix) && !key.equals(prefix + READ_STEP))
        .forEach(key -> addProducer(key.substring(prefix.length()), runId, steps, parents, batches));
    return manifest(steps, parents, batches);
  }

  private Manifest manifest(Map<String, ManifestStep> steps, Map<String, List<String>> parents, List<List<String>> batches) {
    ManifestMetadata metadata = new ManifestMetadata("test", 1, "2025-01-01T00:00:00Z", PIPELINE, PipelineType.TRAINING, "harness", "harness",
        "test", problemType, "harness", Optional.empty(), List.of(), DeploymentSpec.defaults(), Optional.empty(), Map.of(), List.of(),
        "sha256:harness", List.of());
    TargetConfig target = new TargetConfig("harness", "test", AdapterRef.of("local", Map.of()), AdapterRef.of("uri", Map.of("root", storageRoot)),
        dataConnector, AdapterRef.of("local", Map.of("path", "./mbt_registry")), AdapterRef.of("env", Map.of()), Optional.empty(),
        Resources.none(), TargetConfig.SparkSettings.defaults(), Map.of());
    return new Manifest(metadata, target, steps, new Manifest.DagSpec(parents, batches));
  }

  /**
   * Declares an upstream step of run {@code runId}, after its own producers: as this harness ran it
   * (plugin, config, inputs), or as a seeded step with the outputs its record lists.
   */
  private void addProducer(String producer, String runId, Map<String, ManifestStep> steps, Map<String, List<String>> parents,
      List<List<String>> batches) {
    if (steps.containsKey(producer)) {
      return;
    }
    List<String> produced = new ArrayList<>(recordedOutputs(runId, producer));
    Spec ranAs = ran.get(runId + "/" + producer);
    if (ranAs == null) {
      steps.put(producer, new ManifestStep("seeded", Map.of(), Resources.none(), List.of(), produced, List.of(), true));
      parents.put(producer, List.of());
    } else {
      List<String> upstream = ranAs.inputs.stream().map(i -> split(i)[0]).distinct().toList();
      upstream.forEach(u -> addProducer(u, runId, steps, parents, batches));
      steps.put(producer, new ManifestStep(ranAs.plugin, ranAs.config, Resources.none(), List.copyOf(ranAs.inputs), produced, upstream, true));
      parents.put(producer, upstream);
    }
    batches.add(List.of(producer));
  }

  /** What one step run left: run results, its outputs, and the console. */
  public final class StepRun {
    private final String step;
    private final String runId;
    private final RunResults results;
    private final String console;

    private StepRun(String step, String runId, RunResults results, String console) {
      this.step = step;
      this.runId = runId;
      this.results = results;
      this.console = console;
    }

    public RunResults results() {
      return results;
    }

    /** What the step recorded with {@code ctx.record}. */
    public Map<String, Object> details() {
      return results.steps().get(step).details();
    }

    public String outputUri(String name) {
      String uri = results.steps().get(step).outputs().get(name);
      if (uri == null) {
        throw new IllegalArgumentException("step " + step + " wrote no output '" + name + "'; outputs: " + results.steps().get(step).outputs());
      }
      return uri;
    }

    /** A table output (written, or a view of an input), read as the next step would read it. */
    public Dataset<Row> table(String name) {
      outputUri(name);
      return read(runId, step + "." + name);
    }

    /** A JSON output, read with the manifest mapping {@code ctx.putJson} writes with. */
    public <T> T json(String name, Class<T> type) {
      try {
        return ManifestJson.mapper().readValue(store().get(runId, step, name), type);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The step's structured log lines (JSON), e.g. to find a warning event. */
    public List<String> logLines() {
      Path file = projectDir.resolve("logs").resolve(PIPELINE).resolve(runId + ".jsonl");
      try {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The runner's progress lines. */
    public String console() {
      return console;
    }
  }

  /** Today in UTC, for tests of execution dates. */
  public static LocalDate todayUtc() {
    return LocalDate.now(ZoneOffset.UTC);
  }
}
