package io.mbt.steps.training;

import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.model.CheckSpec;
import io.mbt.compiler.model.OnFailure;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.validation.CheckContext;
import io.mbt.steps.validation.CheckResult;
import io.mbt.steps.validation.CheckStatus;
import io.mbt.steps.validation.DataProfile;
import io.mbt.steps.validation.DataValidator;
import io.mbt.steps.validation.ReferenceProfiles;
import io.mbt.steps.validation.ValidationReport;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code validate_data}: runs the pipeline's checks (see {@link DataValidator}), fails listing
 * every check that failed with {@code on_failure: fail}, and otherwise declares {@code
 * validated_data} as a view of its input (without the rows {@code skip_row} checks removed, which
 * costs one count) and writes {@code data_profile}.
 * {@code distribution_drift} compares with the {@code data_profile} this step stored in the
 * reference run, found next to this run in the same artifact store.
 */
public final class ValidateDataStep implements Step {

  /** The step's config, as the compiler's planner writes it. */
  record Config(OnFailure onFailure, List<CheckSpec> checks, SchemaSpec schema, ProblemType problemType) {
    Config {
      onFailure = onFailure == null ? OnFailure.FAIL : onFailure;
      checks = checks == null ? List.of() : List.copyOf(checks);
    }
  }

  @Override
  public void run(StepContext ctx) {
    Config cfg = ctx.config(Config.class);
    String input = ctx.step().inputs().get(0);
    Dataset<Row> data = ctx.table(input);
    ProblemType problem = cfg.problemType() == null ? ctx.manifest().metadata().problemType() : cfg.problemType();
    CheckContext checkContext = new CheckContext(ctx.pipelineName(), ctx.runId(), ctx.executionDate(), cfg.schema(), problem);
    DataValidator validator = new DataValidator(checkContext, cfg.onFailure(), new StoredProfiles(ctx.spark(), artifactRoot(ctx, input),
        ctx.stepName()));
    ValidationReport report = validator.validate(data, cfg.checks());

    ctx.record("rows_before", report.rowsBefore());
    ctx.record("checks_passed", report.count(CheckStatus.PASSED));
    ctx.record("checks_warned", report.count(CheckStatus.WARNED) + report.count(CheckStatus.ROWS_SKIPPED));
    ctx.record("checks_failed", report.count(CheckStatus.FAILED));
    ctx.record("checks", report.results().stream().map(CheckResult::toMap).toList());
    for (CheckResult r : report.results()) {
      if (r.status() == CheckStatus.WARNED || r.status() == CheckStatus.ROWS_SKIPPED) {
        Map<String, Object> fields = new LinkedHashMap<>(r.toMap());
        ctx.log().warn("validation_check_" + r.status().label(), fields);
      }
    }
    List<CheckResult> failures = report.failures();
    if (!failures.isEmpty()) {
      throw new StepFailedException(failures.size() + " of " + report.results().size() + " data validation checks failed: "
          + failures.stream().map(CheckResult::toString).collect(Collectors.joining("; ")),
          "fix the data, or relax the checks in training.validation (on_failure: warn, or skip_row for null_threshold/value_range)");
    }
    // The validated data is the input itself, or the input minus skipped rows: a view, not a copy.
    long after;
    if (report.rowsToDrop().isPresent()) {
      ctx.putFilteredTable("validated_data", input, report.keepCondition().orElseThrow());
      after = report.apply(data).count();
    } else {
      ctx.putAlias("validated_data", input);
      after = report.rowsBefore();
    }
    ctx.putJson("data_profile", report.profile());
    ctx.record("rows_after", after);
    ctx.record("rows", after);
  }

  /** {@code <artifact root>} of this run: the input's URI up to {@code /<run_id>/}. */
  private static String artifactRoot(StepContext ctx, String input) {
    String uri = ctx.inputUri(input);
    int at = uri.indexOf("/" + ctx.runId() + "/");
    if (at < 0) {
      throw new IllegalStateException("input " + input + " at " + uri + " is not under run " + ctx.runId() + " of an artifact store");
    }
    return uri.substring(0, at);
  }

  /** Profiles stored by earlier runs of this pipeline: {@code <artifact root>/<run>/<step>/data_profile}. */
  private record StoredProfiles(SparkSession spark, String root, String step) implements ReferenceProfiles {
    @Override
    public String location(String runId) {
      return root + "/" + runId + "/" + step + "/data_profile";
    }

    @Override
    public Optional<DataProfile> profile(String runId) {
      Path path = new Path(location(runId));
      try {
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (InputStream in = fs.open(path)) {
          return Optional.of(ManifestJson.mapper().readValue(in, DataProfile.class));
        }
      } catch (FileNotFoundException e) {
        return Optional.empty();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the reference data profile " + path + ": " + e.getMessage(), e);
      }
    }
  }
}
