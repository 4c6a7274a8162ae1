package io.mbt.driver.cli;

import io.mbt.driver.mf.MfSession;
import io.mbt.mf.pipeline.DatasetPinner;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mbt dataset pin}: freeze a training pipeline's tables into a dataset manifest for the Model Factory. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Pinned datasets for the Model Factory.",
    subcommands = {DatasetCommand.Pin.class})
final class DatasetCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("use 'mbt dataset pin PIPELINE --as-of DATE' (see mbt dataset pin --help)");
  }

  @Command(name = "pin", mixinStandardHelpOptions = true,
      description = "Pin the Delta tables PIPELINE reads as of a date, run its data validation on exactly those versions, and on PASS write a "
          + "dataset manifest (printed with its sha256) for a training request.")
  static final class Pin implements Callable<Integer> {
    @Mixin ProjectOptions options;
    @Parameters(index = "0", paramLabel = "PIPELINE") String pipeline;
    @Option(names = "--as-of", paramLabel = "DATE", description = "Each table at its newest version committed on or before this day (UTC); default today.")
    String asOf;
    @Option(names = "--feature-pack", paramLabel = "NAME", description = "The feature pack the data belongs to (policy may block packs).")
    String featurePack;
    @Option(names = "--privacy-class", paramLabel = "CLASS", description = "The data's privacy class (policy may restrict classes).")
    String privacyClass;
    @Option(names = "--dataset-kind", paramLabel = "KIND", defaultValue = "training", description = "Default: ${DEFAULT-VALUE}.")
    String datasetKind;
    @Option(names = "--out", paramLabel = "DIR", description = "Directory for the manifest (default: <mf root>/datasets/<pipeline>/as_of=<date>/<key>).")
    String out;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      LocalDate date;
      try {
        date = asOf == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(asOf);
      } catch (DateTimeParseException e) {
        throw new UsageException("--as-of must be an ISO date such as 2026-02-28, but was '" + asOf + "'");
      }
      PrintWriter stdout = spec.commandLine().getOut();
      try (MfSession mf = MfCommand.session(options, Optional.empty())) {
        DatasetPinner.Pinned pinned = mf.pinner().pin(new DatasetPinner.PinRequest(pipeline, options.targetName(), date,
            Optional.ofNullable(featurePack), Optional.ofNullable(privacyClass), datasetKind, Optional.ofNullable(out).map(o -> o.matches("[A-Za-z][A-Za-z0-9+.-]+:.*") ? o
                : options.project().root().resolve(o).toAbsolutePath().normalize().toUri().toString())));
        stdout.println((pinned.reused() ? "already pinned: " : "pinned: ") + pinned.manifestUri());
        pinned.manifest().tables().forEach(t -> stdout.println("  " + t.name() + " @ v" + t.version() + " (" + t.uri() + ")"));
        stdout.println("sha256: " + pinned.sha256());
        stdout.println("in a request:  dataset_manifests: [{uri: " + pinned.manifestUri() + ", sha256: " + pinned.sha256() + "}]");
        return MbtCli.OK;
      } catch (DatasetPinner.PinException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return MbtCli.FAILED;
      }
    }
  }
}
