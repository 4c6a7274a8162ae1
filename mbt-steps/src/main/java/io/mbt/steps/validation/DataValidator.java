package io.mbt.steps.validation;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.model.CheckSpec;
import io.mbt.compiler.model.OnFailure;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.steps.api.StepFailedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Runs a pipeline's data checks and profiles the data, in as few Spark jobs as the checks allow:
 * schema checks need none; the aggregate checks (null shares, ranges, key uniqueness, drift counts)
 * and the profile's basic statistics share one aggregation; histograms, categories and label
 * associations take one more. Custom checks run their own jobs; a failed {@code unique_key} looks
 * up a few duplicated keys for its message.
 *
 * <p>Each failed check is judged by its {@code on_failure}, else the pipeline's: {@code fail},
 * {@code warn}, or {@code skip_row} (row-level checks only; a data-set check falls back to {@code
 * fail}).
 */
public final class DataValidator {
  static final int DEFAULT_BINS = 10;

  private final CheckContext context;
  private final OnFailure defaultPolicy;
  private final ReferenceProfiles references;

  public DataValidator(CheckContext context, OnFailure defaultPolicy, ReferenceProfiles references) {
    this.context = requireNonNull(context, "context is null");
    this.defaultPolicy = requireNonNull(defaultPolicy, "defaultPolicy is null");
    this.references = requireNonNull(references, "references is null");
  }

  /**
   * Validates {@code data}. Never throws for failed checks: the report says which failed.
   *
   * @throws StepFailedException if a custom check's class cannot be loaded or the check throws
   */
  public ValidationReport validate(Dataset<Row> data, List<CheckSpec> checks) {
    SchemaSpec schema = context.schema();
    StructType structure = data.schema();
    List<String> present = List.of(structure.fieldNames());
    Set<String> excluded = new LinkedHashSet<>(schema.identifiers().primaryKey());
    excluded.addAll(schema.ignoredColumns());
    List<String> profiled = present.stream().filter(c -> !excluded.contains(c) && !c.startsWith("__")).toList();
    List<String> nonIgnored = present.stream().filter(c -> !schema.ignoredColumns().contains(c) && !c.startsWith("__")).toList();
    Map<String, String> kinds = new LinkedHashMap<>();
    for (StructField f : structure.fields()) {
      kinds.put(f.name(), Cols.kind(f.name(), f.dataType(), schema.categoricalColumns()));
    }
    String labelColumn = schema.target().labelColumn();
    List<String> features = profiled.stream()
        .filter(c -> !c.equals(labelColumn) && !schema.identifiers().partitionKey().map(c::equals).orElse(false))
        .filter(c -> !kinds.get(c).equals(DataProfile.OTHER)).toList();

    List<PlannedCheck> planned = new ArrayList<>();
    Set<String> associationColumns = new LinkedHashSet<>();
    int bins = DEFAULT_BINS;
    boolean binsChosen = false;
    for (CheckSpec check : checks) {
      PlannedCheck p = plan(check, data, present, nonIgnored, profiled, kinds, features);
      planned.add(p);
      if (p instanceof LeakageCheck leakage) {
        leakage.columns().stream().filter(c -> !kinds.get(c).equals(DataProfile.OTHER)).forEach(associationColumns::add);
      }
      if (check instanceof CheckSpec.DistributionDrift drift && !binsChosen) {
        bins = drift.bins();
        binsChosen = true;
      }
    }
    associationColumns.remove(labelColumn);
    Optional<Profiler.LabelTarget> label = associationColumns.isEmpty() || !present.contains(labelColumn)
        ? Optional.empty()
        : Optional.of(new Profiler.LabelTarget(labelColumn, context.problemType().isClassification()));

    Profiler profiler = new Profiler(structure, profiled, schema.categoricalColumns(), bins, label, label.isPresent() ? associationColumns : List.of());
    AggregatePass pass = new AggregatePass();
    profiler.plan(pass);
    planned.stream().filter(p -> p != null).forEach(p -> p.plan(pass));
    pass.run(data);
    ProfileStats stats = profiler.run(data, pass);

    List<CheckResult> results = new ArrayList<>();
    List<Column> drops = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      CheckSpec check = checks.get(i);
      Finding finding = planned.get(i) == null ? runCustom((CheckSpec.Custom) check, data) : planned.get(i).evaluate(pass, stats);
      results.add(judge(check, finding, drops));
    }
    return new ValidationReport(pass.rows(), results, stats.profile(), drops.stream().reduce(Column::or));
  }

  /** The planned form of a check; null for custom checks, which run on their own. */
  private PlannedCheck plan(CheckSpec check, Dataset<Row> data, List<String> present, List<String> nonIgnored, List<String> profiled,
      Map<String, String> kinds, List<String> features) {
    StructType structure = data.schema();
    if (check instanceof CheckSpec.NullThreshold c) {
      return new NullThresholdCheck(c, c.allColumns() ? nonIgnored : c.columns(), present);
    }
    if (check instanceof CheckSpec.ValueRange c) {
      return new ValueRangeCheck(c, present.contains(c.column()) ? structure.apply(c.column()).dataType() : null);
    }
    if (check instanceof CheckSpec.ExpectedColumns c) {
      return SchemaChecks.expectedColumns(c, structure);
    }
    if (check instanceof CheckSpec.TypeCheck c) {
      return SchemaChecks.typeCheck(c, structure);
    }
    if (check instanceof CheckSpec.UniqueKey c) {
      return new UniqueKeyCheck(c, data);
    }
    if (check instanceof CheckSpec.DistributionDrift c) {
      return new DriftCheck(c, references.profile(c.referenceRunId()), references.location(c.referenceRunId()), kinds, profiled);
    }
    if (check instanceof CheckSpec.LabelLeakage c) {
      String label = context.labelColumn();
      return new LeakageCheck(c, label, present.contains(label), c.columns().isEmpty() ? features : c.columns(), present);
    }
    if (check instanceof CheckSpec.Custom) {
      return null;
    }
    throw new IllegalArgumentException("unsupported check type " + check.type().yamlName());
  }

  private CheckResult judge(CheckSpec check, Finding finding, List<Column> drops) {
    String type = check.type().yamlName();
    if (finding.passed()) {
      return new CheckResult(type, finding.columns(), CheckStatus.PASSED, finding.message());
    }
    OnFailure policy = check.onFailure().orElse(defaultPolicy);
    if (policy == OnFailure.SKIP_ROW) {
      if (check.isRowLevel() && finding.failingRows().isPresent()) {
        drops.add(finding.failingRows().get());
        return new CheckResult(type, finding.columns(), CheckStatus.ROWS_SKIPPED, finding.message() + "; those rows are removed");
      }
      policy = OnFailure.FAIL; // a data-set check has no rows to skip
    }
    return new CheckResult(type, finding.columns(), policy == OnFailure.WARN ? CheckStatus.WARNED : CheckStatus.FAILED, finding.message());
  }

  private Finding runCustom(CheckSpec.Custom check, Dataset<Row> data) {
    CustomCheck implementation = load(check.className());
    CheckOutcome outcome;
    try {
      outcome = implementation.check(data, check.config(), context);
    } catch (RuntimeException e) {
      throw new StepFailedException("custom check " + check.className() + " threw " + e.getClass().getSimpleName() + ": " + e.getMessage(),
          "fix the check's code or its config; a broken check fails the step whatever its on_failure", e);
    }
    if (outcome == null) {
      throw new StepFailedException("custom check " + check.className() + " returned no outcome", "return CheckOutcome.passed(...) or failed(...)");
    }
    List<String> columns = List.of(check.className());
    return outcome.passed() ? Finding.pass(columns, outcome.message()) : Finding.fail(columns, outcome.message());
  }

  static CustomCheck load(String className) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Class<?> type;
    try {
      type = Class.forName(className, true, loader == null ? DataValidator.class.getClassLoader() : loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new StepFailedException("custom check class " + className + " is not on the class path",
          "put the jar with the class in the project's lib/ (or spark-submit --jars), or fix 'class' of the custom check");
    }
    if (!CustomCheck.class.isAssignableFrom(type)) {
      throw new StepFailedException("custom check class " + className + " does not implement " + CustomCheck.class.getName(),
          "implement io.mbt.steps.validation.CustomCheck");
    }
    try {
      return (CustomCheck) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new StepFailedException("cannot create custom check " + className + ": " + e, "a custom check needs a public no-argument constructor");
    }
  }
}
