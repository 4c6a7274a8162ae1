package io.mbt.driver.cli;

import io.mbt.compiler.CompileOptions;
import io.mbt.compiler.Compiler;
import io.mbt.compiler.profile.TargetConfig;
import io.mbt.driver.mf.MfSession;
import io.mbt.driver.runtime.SparkRuntime;
import io.mbt.driver.runtime.TargetRegistries;
import io.mbt.mf.SubmitResult;
import io.mbt.mf.admission.ContextResolver;
import io.mbt.mf.admission.Reason;
import io.mbt.mf.admission.RefReader;
import io.mbt.mf.identity.Digests;
import io.mbt.mf.ledger.LedgerUnavailableException;
import io.mbt.mf.pipeline.CompiledRecipes;
import io.mbt.mf.request.DigestRef;
import io.mbt.mf.request.TrainRequest;
import io.mbt.mf.request.TrainRequestFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mbt mf request|submit|status|resume|publish|cancel|regate|history}: governed training
 * runs of the Model Factory. Exit codes: 0 done, 1 failed or rejected, 2 usage, 75 pending or
 * running elsewhere (try again later; what an orchestrator's retry should do).
 */
@Command(name = "mf", mixinStandardHelpOptions = true,
    description = "Model Factory: governed, idempotent training runs on pinned data, recorded in a Delta receipt ledger.",
    subcommands = {MfCommand.Request.class, MfCommand.Submit.class, MfCommand.Status.class, MfCommand.Resume.class, MfCommand.Publish.class,
        MfCommand.Cancel.class, MfCommand.Regate.class, MfCommand.History.class})
final class MfCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("use 'mbt mf request|submit|status|resume|publish|cancel|regate|history' (see mbt mf --help)");
  }

  /** A session on the target {@code target} (or the options' target), Spark started or joined. */
  static MfSession session(ProjectOptions options, Optional<String> target) {
    Compiler compiler = options.compiler();
    CompileOptions compile = compileOptions(options, target);
    TargetConfig config = compiler.target(compile);
    try {
      return MfSession.open(SparkRuntime.session(config, compiler.project().root()), compiler, compile, new PrintStream(System.out, true));
    } catch (LedgerUnavailableException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** The request's target ({@code wiring.target}) unless --target says another, which is an error: a request names its wiring. */
  static CompileOptions compileOptions(ProjectOptions options, Optional<String> requestTarget) {
    if (requestTarget.isPresent() && options.targetName().isPresent() && !requestTarget.get().equals(options.targetName().get())) {
      throw new UsageException("the request's wiring names target '" + requestTarget.get() + "' but --target says '" + options.targetName().get()
          + "'; drop --target, or change wiring.target in the request");
    }
    CompileOptions base = options.compileOptions();
    return requestTarget.map(base::withTarget).orElse(base);
  }

  static TrainRequest readRequest(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UsageException("no request file " + file + "; write one (see README, 'Model Factory') and fill its digests with 'mbt mf request "
          + file + "'");
    }
    return TrainRequestFiles.read(file);
  }

  static int answer(PrintWriter out, PrintWriter err, SubmitResult result) {
    MfReports.result(out, result);
    for (Reason reason : result.reasons()) {
      err.println("  " + MfReports.reason(reason));
    }
    return result.exitCode();
  }

  @Command(name = "request", mixinStandardHelpOptions = true,
      description = "Fill a request's digests (dataset manifests, policy, training pipeline) and print the run it names.")
  static final class Request implements Callable<Integer> {
    @Mixin ProjectOptions options;
    @Parameters(index = "0", paramLabel = "REQUEST.yaml") Path file;
    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Where to write the pinned request (default: over REQUEST.yaml).")
    Path out;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter stdout = spec.commandLine().getOut();
      TrainRequest request = readRequest(file);
      Compiler compiler = options.compiler();
      CompileOptions compile = compileOptions(options, request.target());
      TargetConfig target = compiler.target(compile);
      RefReader refs = MfSession.refs(TargetRegistries.hadoop(target.spark().conf()), compiler.project().root());
      CompiledRecipes recipes = new CompiledRecipes(compiler, compile);
      List<String> problems = new ArrayList<>();
      Function<DigestRef, String> digest = ref -> {
        try {
          String actual = Digests.sha256(refs.read(ref.uri()));
          ref.sha256().filter(pinned -> !pinned.equals(actual)).ifPresent(pinned -> problems.add(ref.uri() + " has digest " + actual
              + " but the request pins " + pinned + "; remove the sha256 to pin what is there now"));
          return actual;
        } catch (RefReader.RefException e) {
          problems.add(MfReports.reason(e.reason()));
          return "";
        }
      };
      List<String> manifests = request.datasetManifests().stream().map(digest).toList();
      String policy = digest.apply(request.policyProfile());
      String recipe = "";
      try {
        recipe = recipes.resolve(request.trainingConfig().pipeline(), request.target()).digest();
      } catch (io.mbt.mf.admission.RecipeSource.RecipeException e) {
        problems.add(e.getMessage());
      }
      if (!problems.isEmpty()) {
        problems.forEach(p -> spec.commandLine().getErr().println("error: " + p));
        return MbtCli.FAILED;
      }
      TrainRequest pinned = request.pinned(manifests, recipe, policy);
      Path target0 = out != null ? out : file;
      writeAtomically(target0, TrainRequestFiles.toYaml(pinned));
      ContextResolver.Resolution resolution = new ContextResolver(refs, recipes, MfSession.buildId()).resolve(pinned);
      stdout.println("pinned request " + pinned.requestId() + " -> " + target0);
      resolution.key().ifPresent(k -> stdout.println("train_run_id: " + k.trainRunId()));
      resolution.reasons().forEach(r -> spec.commandLine().getErr().println("  warning: " + MfReports.reason(r)));
      return MbtCli.OK;
    }
  }

  @Command(name = "submit", mixinStandardHelpOptions = true,
      description = "Submit a pinned request: claims and runs it here, or answers for the run that exists (the same request always names the "
          + "same run).")
  static final class Submit implements Callable<Integer> {
    @Mixin ProjectOptions options;
    @Parameters(index = "0", paramLabel = "REQUEST.yaml") Path file;
    @Option(names = "--wait", description = "If another worker runs it, wait for the outcome instead of exiting 75.")
    boolean await;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      TrainRequest request = readRequest(file);
      try (MfSession mf = session(options, request.target())) {
        return answer(spec.commandLine().getOut(), spec.commandLine().getErr(), mf.factory().submit(request, await));
      }
    }
  }

  /** A command on one run of the ledger: the session, the run id, and how a missing run is reported. */
  abstract static class OnRun implements Callable<Integer> {
    @Mixin ProjectOptions options;
    @Parameters(index = "0", paramLabel = "RUN") String runId;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    abstract int act(MfSession mf, PrintWriter out, PrintWriter err);

    @Override
    public Integer call() {
      try (MfSession mf = session(options, Optional.empty())) {
        return act(mf, spec.commandLine().getOut(), spec.commandLine().getErr());
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return MbtCli.FAILED;
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "A run's state from its receipts: lease, stages, gate, bundle, publish.")
  static final class Status extends OnRun {
    @Override
    int act(MfSession mf, PrintWriter out, PrintWriter err) {
      MfReports.status(out, mf.factory().state(runId));
      return MbtCli.OK;
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume an unfinished run from its last completed stage.")
  static final class Resume extends OnRun {
    @Override
    int act(MfSession mf, PrintWriter out, PrintWriter err) {
      return answer(out, err, mf.factory().resume(runId));
    }
  }

  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Publish-only retry of a run whose PASS candidate is pending: never trains, evaluates or gates again.")
  static final class Publish extends OnRun {
    @Override
    int act(MfSession mf, PrintWriter out, PrintWriter err) {
      return answer(out, err, mf.factory().publish(runId));
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Request a run be cancelled: its holder stops at its next heartbeat or step; a run nobody holds ends now.")
  static final class Cancel extends OnRun {
    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; recorded in the ledger.") String reason;
    @Option(names = "--principal", paramLabel = "WHO", description = "Who cancels (default: the OS user).") String principal;

    @Override
    int act(MfSession mf, PrintWriter out, PrintWriter err) {
      SubmitResult result = mf.factory().cancel(runId, principal != null ? principal : System.getProperty("user.name", "unknown"), reason);
      MfReports.result(out, result);
      return result.outcome().terminal() ? MbtCli.OK : 75;
    }
  }

  @Command(name = "regate", mixinStandardHelpOptions = true,
      description = "Gate a run's evaluation again under another policy, without training; the new gate supersedes the old.")
  static final class Regate extends OnRun {
    @Option(names = "--policy", required = true, paramLabel = "URI", description = "The policy profile to gate under.") String policy;
    @Option(names = "--policy-sha256", paramLabel = "DIGEST", description = "Pin the policy's digest (default: what it holds now).")
    String policyDigest;
    @Option(names = "--principal", paramLabel = "WHO", description = "Who asks (default: the original requester).") String principal;
    @Option(names = "--request-id", paramLabel = "ID", description = "Default: regate-<run>-<policy digest prefix>.") String requestId;

    @Override
    int act(MfSession mf, PrintWriter out, PrintWriter err) {
      RefReader refs = MfSession.refs(mf.spark().sparkContext().hadoopConfiguration(), options.compiler().project().root());
      String digest;
      try {
        digest = policyDigest != null ? policyDigest : Digests.sha256(refs.read(policy));
      } catch (RefReader.RefException e) {
        err.println("error: " + MfReports.reason(e.reason()));
        return MbtCli.FAILED;
      }
      String who = principal != null ? principal : MfReports.requester(mf.factory().state(runId));
      String id = requestId != null ? requestId : "regate-" + runId + "-" + Digests.hex(digest).substring(0, 12);
      return answer(out, err, mf.factory().regate(runId, new DigestRef(policy, Optional.of(digest)), who, id));
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true,
      description = "The audit view: what ran, on which data, under which policy, what was published, what superseded what.")
  static final class History implements Callable<Integer> {
    @Mixin ProjectOptions options;
    @Option(names = "--run", paramLabel = "RUN", description = "One run, receipt by receipt.") String run;
    @Option(names = "--bundle", paramLabel = "FINGERPRINT", description = "The run that built a bundle, and where it was published.") String bundle;
    @Option(names = "--model", paramLabel = "NAME", description = "Every run of a registered model.") String model;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      int chosen = (run != null ? 1 : 0) + (bundle != null ? 1 : 0) + (model != null ? 1 : 0);
      if (chosen > 1) {
        throw new UsageException("give one of --run, --bundle, --model (or none, for every run)");
      }
      try (MfSession mf = session(options, Optional.empty())) {
        return MfReports.history(spec.commandLine().getOut(), spec.commandLine().getErr(), mf.factory(), Optional.ofNullable(run),
            Optional.ofNullable(bundle), Optional.ofNullable(model));
      }
    }
  }

  static void writeAtomically(Path file, String text) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
