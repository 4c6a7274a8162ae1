package io.mbt.driver.mf;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.CompileOptions;
import io.mbt.compiler.Compiler;
import io.mbt.compiler.MbtVersion;
import io.mbt.compiler.spi.PluginRegistry;
import io.mbt.compiler.profile.MfSettings;
import io.mbt.compiler.profile.TargetConfig;
import io.mbt.compiler.project.ProjectLoader;
import io.mbt.driver.runtime.TargetRegistries;
import io.mbt.mf.ModelFactory;
import io.mbt.mf.admission.DeltaTableInspector;
import io.mbt.mf.admission.RefReader;
import io.mbt.mf.ledger.ArtifactFiles;
import io.mbt.mf.ledger.DeltaLedger;
import io.mbt.mf.ledger.LedgerOptions;
import io.mbt.mf.pipeline.CompiledRecipes;
import io.mbt.mf.pipeline.DatasetPinner;
import io.mbt.mf.pipeline.MfRoots;
import io.mbt.mf.pipeline.PipelineEngine;
import io.mbt.mf.pipeline.RegistryCandidates;
import io.mbt.mf.signal.ControlFactSink;
import io.mbt.mf.signal.DirectoryFactSink;
import io.mbt.mf.signal.LogSignals;
import io.mbt.mf.signal.Signals;
import io.mbt.steps.registry.ModelRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The Model Factory of one project and target, wired to MBT: the ledger under the target's MF root,
 * the runner as engine, the target's registry for candidates, the project's pipelines as recipes.
 * What {@code mbt mf} and {@code mbt dataset pin} use, and the Java API for notebooks and
 * schedulers:
 *
 * <pre>{@code
 * try (MfSession mf = MfSession.open(spark, Path.of("/Workspace/telecom-churn"), Optional.of("prod"))) {
 *   SubmitResult r = mf.factory().submit(TrainRequestFiles.read(Path.of("request.yaml")), true);
 * }
 * }</pre>
 */
public final class MfSession implements AutoCloseable {
  /** Overrides the build id runs are keyed by (a CI build number, a deployment tag). */
  public static final String BUILD_ID_ENV = "MBT_MF_BUILD_ID";

  private final Compiler compiler;
  private final TargetConfig target;
  private final CompiledRecipes recipes;
  private final String mfRoot;
  private final SparkSession spark;
  private final ModelRegistry registry;
  private final ModelFactory factory;
  private final DatasetPinner pinner;

  private MfSession(SparkSession spark, Compiler compiler, CompileOptions options, PrintStream console, Clock clock) {
    this.spark = spark;
    this.compiler = compiler;
    this.target = compiler.target(options);
    this.recipes = new CompiledRecipes(compiler, options);
    Path projectDir = compiler.project().root();
    this.mfRoot = MfRoots.of(target, projectDir);
    MfSettings settings = target.mf();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    ArtifactFiles files = new ArtifactFiles(hadoop);
    Path localResults = compiler.project().targetDir().resolve("mf");
    io.mbt.mf.pipeline.ProjectRuns runs = new io.mbt.mf.pipeline.ProjectRuns(spark, projectDir, recipes, files, localResults, console, clock);
    DeltaLedger ledger = DeltaLedger.open(spark, mfRoot, LedgerOptions.defaults().withSingleWriter(settings.singleWriter()), clock);
    this.registry = TargetRegistries.open(target.modelRegistry(), target, projectDir);
    this.factory = new ModelFactory(new ModelFactory.Wiring(ledger,
        new PipelineEngine(runs),
        new RegistryCandidates(registry, spark, projectDir, recipes, clock), recipes, new DeltaTableInspector(spark),
        refs(hadoop, projectDir), files, signals(settings.signalSink(), hadoop, clock), clock, mfRoot, buildId(), holder(),
        Duration.ofSeconds(settings.leaseTtlSeconds()), Duration.ofSeconds(settings.heartbeatSeconds()), d -> Thread.sleep(d.toMillis())));
    this.pinner = new DatasetPinner(new io.mbt.mf.pipeline.ProjectRuns(spark, projectDir, recipes, files, localResults.resolve("pins"), console,
        clock));
  }

  /**
   * The factory of {@code options}' target of the project {@code compiler} loaded, on {@code spark}.
   *
   * @throws io.mbt.mf.ledger.LedgerUnavailableException if the ledger cannot be opened (its LogStore
   *     cannot exclude concurrent writers and the target's mf section does not declare single_writer)
   */
  public static MfSession open(SparkSession spark, Compiler compiler, CompileOptions options, PrintStream console) {
    return new MfSession(requireNonNull(spark, "spark is null"), requireNonNull(compiler, "compiler is null"),
        requireNonNull(options, "options is null"), requireNonNull(console, "console is null"), Clock.systemUTC());
  }

  /** The factory of the project at {@code projectDir} (profiles.yaml there or in ~/.mbt), on {@code target} or the profile's default. */
  public static MfSession open(SparkSession spark, Path projectDir, Optional<String> target) {
    Compiler compiler = new Compiler(ProjectLoader.find(projectDir), PluginRegistry.load());
    return open(spark, compiler, CompileOptions.defaults().withTarget(target.orElse(null)), System.out);
  }

  public ModelFactory factory() {
    return factory;
  }

  public DatasetPinner pinner() {
    return pinner;
  }

  public CompiledRecipes recipes() {
    return recipes;
  }

  public TargetConfig target() {
    return target;
  }

  /** Where the ledger, runs and pinned datasets are. */
  public String mfRoot() {
    return mfRoot;
  }

  public SparkSession spark() {
    return spark;
  }

  /** How request refs are read: relative paths against the project, with a few quick retries for flaky stores. */
  public static RefReader refs(Configuration hadoop, Path projectDir) {
    return new RefReader(hadoop, projectDir, 3, Duration.ofMillis(500));
  }

  /** {@code $MBT_MF_BUILD_ID}, else {@code mbt-<version>}: part of every run's identity (MF-P7), so a new build trains anew. */
  public static String buildId() {
    String configured = System.getenv(BUILD_ID_ENV);
    return configured != null && !configured.isBlank() ? configured.strip() : "mbt-" + MbtVersion.current();
  }

  static Signals signals(String sink, Configuration hadoop, Clock clock) {
    switch (sink) {
      case "none":
        return Signals.none();
      case "log":
        return new LogSignals(System.err, ControlFactSink.none(), clock);
      default:
        return new LogSignals(System.err, new DirectoryFactSink(sink, hadoop), clock);
    }
  }

  /** Who holds a lease: host, process and a random part (two factories in one JVM are two holders). */
  static String holder() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown-host";
    }
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    return host + ":" + ManagementFactory.getRuntimeMXBean().getPid() + ":" + HexFormat.of().formatHex(random);
  }

  @Override
  public void close() {
    registry.close();
  }
}
