package io.mbt.steps.training;

import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.compiler.model.TrainingWindows;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.features.LabelInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;

/**
 * {@code split_data}: splits the data into {@code train_set} and {@code test_set} and fixes how the
 * label maps to a class index ({@code label_info}); both sets get {@link LabelInfo#INDEX_COLUMN}.
 *
 * <ul>
 *   <li>{@code time}: train = the train window, test = the label window of {@code data_windows},
 *       relative to the execution date (see {@link Windows}); a future execution date is refused.
 *   <li>{@code random}: each row goes to test with probability {@code test_size}.
 *   <li>{@code stratified}: within each class exactly {@code round(n * test_size)} rows go to test,
 *       so every class keeps its share.
 * </ul>
 *
 * Random choices come from a seeded hash of each row's content, not from partition order, so a
 * split is reproducible and the train and test sets can never disagree. Rows whose label is null
 * or not a declared class are dropped (and counted). One aggregation over the split gives the row
 * counts and the label distribution (two passes for a stratified split, which finds its per-class
 * thresholds with them); {@code min_rows} is checked before anything is written. {@code
 * train_set} and {@code test_set} are views of the input (its stored version, plus a saved {@link
 * SplitRows} stage that adds the label index and keeps the split's rows), not copies of the data.
 */
public final class SplitDataStep implements Step {
  static final String SPLIT_COLUMN = "__split";
  private static final String TRAIN = SplitRows.TRAIN;
  private static final String TEST = SplitRows.TEST;
  private static final int MAX_CLASSES = 1000;

  /** The step's config, as the compiler's planner writes it; schema and problem type fall back to the manifest's. */
  record Config(
      String method,
      Optional<TrainingWindows> dataWindows,
      Optional<String> partitionKey,
      Optional<Double> testSize,
      Optional<Long> seed,
      String labelColumn,
      Optional<Long> minRows,
      Optional<SchemaSpec> schema,
      Optional<ProblemType> problemType) {
    Config {
      method = method == null ? "random" : method.toLowerCase(Locale.ROOT);
      dataWindows = dataWindows == null ? Optional.empty() : dataWindows;
      partitionKey = partitionKey == null ? Optional.empty() : partitionKey;
      testSize = testSize == null ? Optional.empty() : testSize;
      seed = seed == null ? Optional.empty() : seed;
      minRows = minRows == null ? Optional.empty() : minRows;
      schema = schema == null ? Optional.empty() : schema;
      problemType = problemType == null ? Optional.empty() : problemType;
    }
  }

  @Override
  public void run(StepContext ctx) {
    Config cfg = ctx.config(Config.class);
    ProblemType problem = cfg.problemType().orElse(ctx.manifest().metadata().problemType());
    SchemaSpec.Target target = target(ctx, cfg);
    // Kept in memory: this step passes over it twice or more, and every later step reads its splits.
    Dataset<Row> data = ctx.tableKept(ctx.step().inputs().get(0));
    if (!List.of(data.columns()).contains(cfg.labelColumn())) {
      throw new StepFailedException("label column '" + cfg.labelColumn() + "' is not in the data; columns: " + String.join(", ", data.columns()),
          "fix training.schema.target.label_column");
    }
    LabelInfo label = labelInfo(data, cfg.labelColumn(), problem, target);
    Dataset<Row> indexed = data.withColumn(LabelInfo.INDEX_COLUMN, label.indexExpression());

    String method = cfg.method();
    if (method.equals("stratified") && !problem.isClassification()) {
      ctx.log().warn("stratified_split_needs_classes", Map.of("problem_type", problem.yamlName(), "using", "random"));
      method = "random";
    }
    SplitRows rule = SplitRows.of(label, seed(cfg), data.schema());
    Counts counts = switch (method) {
      case "time" -> {
        timeSplit(ctx, cfg, data, rule);
        yield count(indexed, rule, cfg.labelColumn(), label);
      }
      case "random" -> count(indexed, rule.random(testSize(cfg)), cfg.labelColumn(), label);
      case "stratified" -> stratified(indexed, rule, cfg.labelColumn(), label, testSize(cfg));
      default -> throw new StepFailedException("unknown split method '" + cfg.method() + "'", "use time, random or stratified");
    };
    check(ctx, cfg, method, counts);
    putSplit(ctx, "train_set", data, rule.keeping(TRAIN));
    putSplit(ctx, "test_set", data, rule.keeping(TEST));
    ctx.putJson("label_info", label);
    ctx.record("method", method);
    ctx.record("train_rows", counts.train());
    ctx.record("test_rows", counts.test());
    ctx.record("rows", counts.train() + counts.test());
    if (problem.isClassification()) {
      ctx.record("label_distribution", Map.of(TRAIN, counts.distribution(TRAIN, label), TEST, counts.distribution(TEST, label)));
    }
    if (counts.nullLabel() + counts.undeclared() + counts.outsideWindows() > 0) {
      ctx.record("rows_dropped", Map.of("null_label", counts.nullLabel(), "undeclared_class", counts.undeclared(),
          "outside_windows", counts.outsideWindows()));
    }
  }

  /**
   * Declares one split as a view of the input: its recipe (a {@link SplitRows} stage) is saved at
   * the output's own location, so nothing of the data is copied and the view is as recoverable as
   * a table.
   */
  private static void putSplit(StepContext ctx, String output, Dataset<Row> data, SplitRows recipe) {
    // Fitting a pipeline of one transformer checks it against the input's schema; no Spark job runs.
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {recipe}).fit(data);
    ctx.putPipelineModel(output, model);
    ctx.putTransformedTable(output, ctx.step().inputs().get(0), output);
  }

  // ---- label ---------------------------------------------------------------------------------

  /** {@code schema.target} from this step's config, else from another step's (older manifests carry it only there). */
  private static SchemaSpec.Target target(StepContext ctx, Config cfg) {
    if (cfg.schema().isPresent()) {
      return cfg.schema().get().target();
    }
    for (ManifestStep step : ctx.manifest().steps().values()) {
      Object schema = step.config().get("schema");
      if (schema instanceof Map<?, ?>) {
        return ManifestJson.mapper().convertValue(schema, SchemaSpec.class).target();
      }
    }
    return new SchemaSpec.Target(cfg.labelColumn(), List.of(), Optional.empty());
  }

  /**
   * The classes in index order: the declared ones, else the label's distinct values sorted
   * (numerically when they are numbers). For a binary problem the positive class gets index 1.
   */
  static LabelInfo labelInfo(Dataset<Row> data, String labelColumn, ProblemType problem, SchemaSpec.Target target) {
    if (!problem.isClassification()) {
      return new LabelInfo(labelColumn, problem, List.of(), null);
    }
    List<String> classes = new ArrayList<>(target.classes());
    if (classes.isEmpty()) {
      classes = distinctLabels(data, labelColumn);
    }
    if (problem == ProblemType.BINARY_CLASSIFICATION) {
      if (classes.size() != 2) {
        throw new StepFailedException("binary classification needs 2 label classes, but label '" + labelColumn + "' has " + classes.size()
            + ": " + classes, classes.size() < 2 ? "check the data: every row has the same label" : "declare schema.target.classes (other values"
                + " are dropped), or use problem_type: multiclass_classification");
      }
      Optional<String> positive = target.positiveClass();
      if (positive.isPresent()) {
        if (!classes.contains(positive.get())) {
          throw new StepFailedException("positive_class '" + positive.get() + "' is not a class of label '" + labelColumn + "': " + classes,
              "fix schema.target.positive_class");
        }
        String negative = classes.get(0).equals(positive.get()) ? classes.get(1) : classes.get(0);
        classes = List.of(negative, positive.get());
      }
      return new LabelInfo(labelColumn, problem, classes, classes.get(1));
    }
    if (classes.size() < 2) {
      throw new StepFailedException("label '" + labelColumn + "' has only " + classes.size() + " class(es): " + classes,
          "check the data, or the label column");
    }
    return new LabelInfo(labelColumn, problem, classes, null);
  }

  private static List<String> distinctLabels(Dataset<Row> data, String labelColumn) {
    Column text = functions.trim(functions.col(labelColumn).cast("string"));
    List<Row> rows = data.select(text.as("v")).where(functions.col("v").isNotNull()).distinct().limit(MAX_CLASSES + 1).collectAsList();
    if (rows.size() > MAX_CLASSES) {
      throw new StepFailedException("label '" + labelColumn + "' has more than " + MAX_CLASSES + " distinct values",
          "is this a regression problem? set project.problem_type: regression, or declare schema.target.classes");
    }
    List<String> values = new ArrayList<>(rows.stream().map(r -> r.getString(0)).toList());
    boolean numeric = values.stream().allMatch(SplitDataStep::isNumber);
    values.sort(numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder());
    return values;
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  // ---- splitting -----------------------------------------------------------------------------

  private static void timeSplit(StepContext ctx, Config cfg, Dataset<Row> data, SplitRows rule) {
    TrainingWindows spec = cfg.dataWindows().orElseThrow(() -> new StepFailedException("split method 'time' needs data_windows",
        "add training.data_source.data_windows, or use split: {method: random}"));
    String key = cfg.partitionKey().orElseThrow(() -> new StepFailedException("split method 'time' needs a partition key",
        "add training.schema.identifiers.partition_key"));
    if (!List.of(data.columns()).contains(key)) {
      throw new StepFailedException("partition key '" + key + "' is not in the data; columns: " + String.join(", ", data.columns()),
          "fix training.schema.identifiers.partition_key");
    }
    Windows windows = Windows.resolve(spec, ctx.executionDate());
    ctx.record("windows", windows.toString());
    rule.time(key, windows);
  }

  /** Where a class's k-th smallest uniform number lies: its histogram bucket, and the rows of the class below that bucket. */
  private record Boundary(int cls, long rows, long wanted, long bucket, long below) {}

  /**
   * Per class, the {@code round(n * test_size)} rows first in the row hash's order go to test:
   * each class's threshold on the uniform number is its k-th smallest value, found without sorting
   * the data. One aggregation counts the rows per class and hash bucket (and the rows without a
   * usable label); a second pass collects the uniform numbers of each class's bucket holding its
   * k-th value, about n / buckets rows, sorted on the driver. The two passes also give the exact
   * rows per side. Rows with equal numbers (identical rows) go the same way.
   */
  private static Counts stratified(Dataset<Row> indexed, SplitRows rule, String labelColumn, LabelInfo label, double testSize) {
    int classCount = label.classes().size();
    // Few cells to collect (at most 4096 per class, ~1M in all), and small slices: 1B rows of a class give slices of ~250k numbers.
    int buckets = Math.max(256, Math.min(4096, (1 << 20) / Math.max(1, classCount)));
    Column index = functions.col(LabelInfo.INDEX_COLUMN);
    Column u = rule.uniform();
    Column bucket = functions.when(index.isNotNull(), functions.floor(u.multiply(buckets)));
    List<Row> histogram = indexed.groupBy(index.as("__class"), functions.col(labelColumn).isNull().as("__null_label"), bucket.as("__bucket"))
        .count().collectAsList();
    long nullLabel = 0;
    long undeclared = 0;
    Map<Integer, TreeMap<Long, Long>> perClass = new TreeMap<>();
    for (Row r : histogram) {
      if (!r.isNullAt(0)) {
        perClass.computeIfAbsent((int) r.getDouble(0), c -> new TreeMap<>()).merge(r.getLong(2), r.getLong(3), Long::sum);
      } else if (r.getBoolean(1)) {
        nullLabel += r.getLong(3);
      } else {
        undeclared += r.getLong(3);
      }
    }
    List<Boundary> boundaries = new ArrayList<>();
    for (var e : perClass.entrySet()) {
      long rows = e.getValue().values().stream().mapToLong(Long::longValue).sum();
      long wanted = Math.round(rows * testSize);
      long below = 0;
      long at = -1;
      for (var b : e.getValue().entrySet()) {
        if (wanted > 0 && below + b.getValue() >= wanted) {
          at = b.getKey();
          break;
        }
        below += b.getValue();
      }
      boundaries.add(new Boundary(e.getKey(), rows, wanted, at, wanted > 0 ? below : 0));
    }
    Column inSlice = functions.lit(false);
    for (Boundary b : boundaries) {
      if (b.wanted() > 0) {
        inSlice = inSlice.or(index.equalTo(functions.lit((double) b.cls())).and(bucket.equalTo(functions.lit(b.bucket()))));
      }
    }
    Map<Integer, List<Double>> slices = new TreeMap<>();
    if (boundaries.stream().anyMatch(b -> b.wanted() > 0)) {
      for (Row r : indexed.where(inSlice).select(index, u).collectAsList()) {
        slices.computeIfAbsent((int) r.getDouble(0), c -> new ArrayList<>()).add(r.getDouble(1));
      }
    }
    double[] thresholds = new double[classCount];
    java.util.Arrays.fill(thresholds, Double.NaN); // NaN: the class sends no row to test
    Map<String, Map<Double, Long>> sides = new TreeMap<>();
    for (Boundary b : boundaries) {
      long test = 0;
      if (b.wanted() > 0) {
        List<Double> slice = slices.get(b.cls());
        slice.sort(Comparator.naturalOrder());
        double threshold = slice.get((int) (b.wanted() - b.below() - 1));
        thresholds[b.cls()] = threshold;
        test = b.below() + slice.stream().filter(v -> v <= threshold).count();
      }
      if (test > 0) {
        sides.computeIfAbsent(TEST, k -> new TreeMap<>()).put((double) b.cls(), test);
      }
      if (b.rows() > test) {
        sides.computeIfAbsent(TRAIN, k -> new TreeMap<>()).put((double) b.cls(), b.rows() - test);
      }
    }
    rule.stratified(thresholds);
    return new Counts(sides, nullLabel, undeclared, 0);
  }

  private static double testSize(Config cfg) {
    double t = cfg.testSize().orElse(0.2);
    if (!(t > 0 && t < 1)) {
      throw new StepFailedException("test_size must be between 0 and 1, but was: " + t, "fix training.data_source.split.test_size");
    }
    return t;
  }

  private static long seed(Config cfg) {
    return cfg.seed().orElse(42L);
  }

  // ---- counting ------------------------------------------------------------------------------

  /** Rows per (split, class index), plus the rows dropped and why, from one aggregation. */
  record Counts(Map<String, Map<Double, Long>> perClass, long nullLabel, long undeclared, long outsideWindows) {
    long train() {
      return perClass.getOrDefault(TRAIN, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    long test() {
      return perClass.getOrDefault(TEST, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Long> distribution(String split, LabelInfo label) {
      Map<String, Long> out = new LinkedHashMap<>();
      Map<Double, Long> counts = perClass.getOrDefault(split, Map.of());
      for (int i = 0; i < label.classes().size(); i++) {
        out.put(label.classes().get(i), counts.getOrDefault((double) i, 0L));
      }
      return out;
    }
  }

  /** Rows per (side, class index), from one aggregation over the input with the label index. */
  private static Counts count(Dataset<Row> indexed, SplitRows rule, String labelColumn, LabelInfo label) {
    Column index = functions.col(LabelInfo.INDEX_COLUMN);
    Dataset<Row> flagged = indexed.withColumn(SPLIT_COLUMN, rule.side(indexed.schema(), index));
    boolean classification = label.problemType().isClassification();
    // For regression the index is the label itself: group by "has a label" only.
    Column group = classification ? index : functions.when(index.isNotNull(), functions.lit(0.0));
    List<Row> rows = flagged.groupBy(functions.col(SPLIT_COLUMN), group.as("__class"), functions.col(labelColumn).isNull().as("__null_label"))
        .count().collectAsList();
    Map<String, Map<Double, Long>> perClass = new TreeMap<>();
    long nullLabel = 0;
    long undeclared = 0;
    long outside = 0;
    for (Row r : rows) {
      long n = r.getLong(3);
      if (r.isNullAt(0)) {
        outside += n;
      } else if (r.getBoolean(2)) {
        nullLabel += n;
      } else if (r.isNullAt(1)) {
        undeclared += n;
      } else {
        perClass.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).merge(r.getDouble(1), n, Long::sum);
      }
    }
    return new Counts(perClass, nullLabel, undeclared, outside);
  }

  private static void check(StepContext ctx, Config cfg, String method, Counts counts) {
    if (counts.nullLabel() + counts.undeclared() > 0) {
      ctx.log().warn("rows_dropped", Map.of("null_label", counts.nullLabel(), "undeclared_class", counts.undeclared(),
          "reason", "rows without a usable label cannot be trained or evaluated on"));
    }
    String fix = method.equals("time")
        ? "widen training.data_source.data_windows.train_window, or check execution_date and the partition key's values"
        : "lower test_size, or load more data";
    long minRows = cfg.minRows().orElse(1L);
    if (counts.train() < minRows) {
      throw new StepFailedException("the train set has " + counts.train() + " rows, fewer than min_rows = " + minRows
          + " (split '" + method + "'; " + counts.test() + " test rows; dropped: " + counts.nullLabel() + " null labels, " + counts.undeclared()
          + " labels not in schema.target.classes, " + counts.outsideWindows() + " rows outside the data windows)",
          fix + (cfg.minRows().isPresent() ? "; or lower training.data_source.min_rows" : ""));
    }
    if (counts.test() == 0) {
      throw new StepFailedException("the test set is empty (split '" + method + "', " + counts.train() + " train rows)",
          method.equals("time") ? "the label window holds no rows: check execution_date and data_windows.label_window" : "raise test_size");
    }
  }
}
