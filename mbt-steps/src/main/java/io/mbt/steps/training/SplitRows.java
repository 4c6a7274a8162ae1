package io.mbt.steps.training;

import io.mbt.compiler.model.ProblemType;
import io.mbt.steps.connector.ReadOptions.DateFilter;
import io.mbt.steps.features.LabelInfo;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The recipe of one side of {@code split_data}'s split, as a Spark ML stage: adds the label index
 * ({@link LabelInfo#INDEX_COLUMN}) and keeps the rows of that side whose label is usable. Which side
 * a row goes to depends on the row's own columns only, so the recipe replays the split exactly on
 * the stored input; the step saves one per side instead of copying the data.
 *
 * <ul>
 *   <li>{@code time}: train = {@code [trainStart, labelStart)}, test = {@code [labelStart, labelEnd)}
 *       on the partition key; other rows belong to neither side;
 *   <li>{@code random}: test when the row's uniform number is below {@code testSize};
 *   <li>{@code stratified}: test when the row's uniform number is at most its class's threshold
 *       ({@code thresholds}, by class index; NaN: the class has no test rows).
 * </ul>
 *
 * The uniform number is a seeded xxhash64 of {@code hashColumns} (every non-map column of the
 * input, in order) scaled to [0, 1): reproducible whatever the partitioning. The expressions are
 * built as Columns, never as SQL text: a long CASE chain of hashes costs the SQL parser more than
 * the split itself.
 */
public final class SplitRows extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  static final String TRAIN = "train";
  static final String TEST = "test";
  private static final double TWO_POW_53 = 9007199254740992.0;

  private final String uid;
  private final Param<String> keep;
  private final Param<String> method;
  private final Param<String> labelColumn;
  private final Param<String> problemType;
  private final StringArrayParam classes;
  private final LongParam seed;
  private final StringArrayParam hashColumns;
  private final DoubleParam testSize;
  private final DoubleArrayParam thresholds;
  private final Param<String> partitionKey;
  private final StringArrayParam windowDates;

  public SplitRows() {
    this(Identifiable$.MODULE$.randomUID("mbtSplitRows"));
  }

  /** The constructor Spark's reader calls when a saved pipeline is loaded. */
  public SplitRows(String uid) {
    this.uid = uid;
    this.keep = new Param<>(this, "keep", "the side whose rows are kept: train or test");
    this.method = new Param<>(this, "method", "time, random or stratified");
    this.labelColumn = new Param<>(this, "labelColumn", "the label column");
    this.problemType = new Param<>(this, "problemType", "binary, multiclass or regression");
    this.classes = new StringArrayParam(this, "classes", "the label's classes in index order (none for regression)");
    this.seed = new LongParam(this, "seed", "the seed of the row hash");
    this.hashColumns = new StringArrayParam(this, "hashColumns", "the columns hashed into each row's uniform number, in order");
    this.testSize = new DoubleParam(this, "testSize", "random: the share of rows that go to test");
    this.thresholds = new DoubleArrayParam(this, "thresholds", "stratified: per class index, the largest uniform number that goes to test");
    this.partitionKey = new Param<>(this, "partitionKey", "time: the date column the windows select on");
    this.windowDates = new StringArrayParam(this, "windowDates", "time: train start, label start and label end (ISO dates)");
    setDefault(seed, 42L);
    setDefault(testSize, 0.2);
    setDefault(thresholds, new double[0]);
    setDefault(hashColumns, new String[0]);
    setDefault(classes, new String[0]);
    setDefault(partitionKey, "");
    setDefault(windowDates, new String[0]);
  }

  public static MLReader<SplitRows> read() {
    return new DefaultParamsReader<>();
  }

  public static SplitRows load(String path) {
    return read().load(path);
  }

  // Spark finds a stage's params through public accessors like these; a param without one "does not belong" to it.
  public Param<String> keep() {
    return keep;
  }

  public Param<String> method() {
    return method;
  }

  public Param<String> labelColumn() {
    return labelColumn;
  }

  public Param<String> problemType() {
    return problemType;
  }

  public StringArrayParam classes() {
    return classes;
  }

  public LongParam seed() {
    return seed;
  }

  public StringArrayParam hashColumns() {
    return hashColumns;
  }

  public DoubleParam testSize() {
    return testSize;
  }

  public DoubleArrayParam thresholds() {
    return thresholds;
  }

  public Param<String> partitionKey() {
    return partitionKey;
  }

  public StringArrayParam windowDates() {
    return windowDates;
  }

  // ---- building --------------------------------------------------------------------------------

  /** A recipe of {@code label}'s index and the hash of {@code schema}'s columns; add the method's settings. */
  static SplitRows of(LabelInfo label, long seed, StructType schema) {
    SplitRows rows = new SplitRows();
    rows.set(rows.labelColumn, label.labelColumn());
    rows.set(rows.problemType, label.problemType().yamlName());
    rows.set(rows.classes, label.classes().toArray(String[]::new));
    rows.set(rows.seed, seed);
    rows.set(rows.hashColumns, Arrays.stream(schema.fields()).filter(f -> !(f.dataType() instanceof MapType)).map(StructField::name)
        .toArray(String[]::new));
    return rows;
  }

  SplitRows random(double share) {
    set(method, "random");
    set(testSize, share);
    return this;
  }

  SplitRows stratified(double[] perClass) {
    set(method, "stratified");
    set(thresholds, perClass.clone());
    return this;
  }

  SplitRows time(String key, Windows windows) {
    set(method, "time");
    set(partitionKey, key);
    set(windowDates, new String[] {windows.trainStart().toString(), windows.labelStart().toString(), windows.labelEnd().toString()});
    return this;
  }

  /** This recipe keeping the rows of {@code side} (train or test). */
  SplitRows keeping(String side) {
    SplitRows copy = copy(ParamMap.empty());
    copy.set(copy.keep, side);
    return copy;
  }

  // ---- the split ---------------------------------------------------------------------------------

  LabelInfo label() {
    ProblemType type = ProblemType.fromYaml(getOrDefault(problemType));
    List<String> names = List.of(getOrDefault(classes));
    return new LabelInfo(getOrDefault(labelColumn), type, names, type == ProblemType.BINARY_CLASSIFICATION ? names.get(1) : null);
  }

  /** The row's uniform number in [0, 1). */
  Column uniform() {
    List<Column> inputs = new ArrayList<>();
    inputs.add(functions.lit(getOrDefault(seed)));
    for (String c : getOrDefault(hashColumns)) {
      inputs.add(functions.col("`" + c.replace("`", "``") + "`"));
    }
    Column hash = functions.xxhash64(inputs.toArray(Column[]::new));
    return functions.pmod(hash, functions.lit((long) TWO_POW_53)).cast("double").divide(TWO_POW_53);
  }

  /**
   * "train", "test" or null (outside the time windows) for each row of data with {@code index},
   * the label index column, added.
   */
  Column side(StructType schema, Column index) {
    String how = getOrDefault(method);
    switch (how) {
      case "time": {
        String key = getOrDefault(partitionKey);
        String[] dates = getOrDefault(windowDates);
        var type = schema.apply(key).dataType();
        Column train = new DateFilter(key, LocalDate.parse(dates[0]), LocalDate.parse(dates[1])).predicate(type);
        Column test = new DateFilter(key, LocalDate.parse(dates[1]), LocalDate.parse(dates[2])).predicate(type);
        return functions.when(train, TRAIN).when(test, TEST);
      }
      case "random":
        return functions.when(uniform().lt(getOrDefault(testSize)), TEST).otherwise(TRAIN);
      case "stratified": {
        Column u = uniform();
        Column isTest = functions.lit(false);
        double[] limits = getOrDefault(thresholds);
        for (int i = limits.length - 1; i >= 0; i--) {
          if (!Double.isNaN(limits[i])) {
            isTest = functions.when(index.equalTo(functions.lit((double) i)), u.leq(functions.lit(limits[i]))).otherwise(isTest);
          }
        }
        return functions.when(isTest, TEST).otherwise(TRAIN);
      }
      default:
        throw new IllegalStateException("unknown split method '" + how + "'");
    }
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Dataset<Row> indexed = dataset.toDF().withColumn(LabelInfo.INDEX_COLUMN, label().indexExpression());
    Column index = functions.col(LabelInfo.INDEX_COLUMN);
    return indexed.filter(side(dataset.schema(), index).equalTo(functions.lit(getOrDefault(keep))).and(index.isNotNull()));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    List<String> names = List.of(schema.fieldNames());
    List<String> needed = new ArrayList<>(List.of(getOrDefault(hashColumns)));
    needed.add(getOrDefault(labelColumn));
    if (getOrDefault(method).equals("time")) {
      needed.add(getOrDefault(partitionKey));
    }
    for (String c : needed) {
      if (!names.contains(c)) {
        throw new IllegalArgumentException("the split needs column '" + c + "', which is not in the data; columns: " + String.join(", ", names)
            + ". The split was saved for data with other columns: rerun split_data and the steps after it (mbt retry NAME --force)");
      }
    }
    return schema.add(LabelInfo.INDEX_COLUMN, DataTypes.DoubleType, true);
  }

  @Override
  public SplitRows copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String uid() {
    return uid;
  }
}
