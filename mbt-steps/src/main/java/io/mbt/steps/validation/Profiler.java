package io.mbt.steps.validation;

import io.mbt.steps.validation.ProfileStats.Association;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Profiles the data in two Spark jobs: the shared {@link AggregatePass} (counts, nulls, min, max,
 * mean, standard deviation) and one more for what needs the first's results: numeric histograms
 * over {@code [min, max]}, the most frequent categories, and the per-class statistics behind the
 * label association of each feature. The second job turns every row into one entry per column
 * ({@code explode}) and counts entries per (column, value or bin, class), keeping the top {@value
 * #TOP_CATEGORIES} values of each categorical column (the rest is summed into "other").
 */
final class Profiler {
  static final int TOP_CATEGORIES = 50;

  private final StructType schema;
  private final Set<String> profiled;
  private final Set<String> measured;
  private final Map<String, String> kinds = new LinkedHashMap<>();
  private final int bins;
  private final Optional<LabelTarget> label;
  private final Set<String> associationColumns;

  /** The label to associate features with, when a label_leakage check asks. */
  record LabelTarget(String column, boolean classification) {}

  /**
   * @param profiled columns the profile describes
   * @param associationColumns features whose association with {@code label} is measured
   */
  Profiler(StructType schema, Collection<String> profiled, List<String> categoricalColumns, int bins, Optional<LabelTarget> label,
      Collection<String> associationColumns) {
    this.schema = schema;
    this.profiled = new LinkedHashSet<>(profiled);
    this.bins = bins;
    this.label = label;
    this.associationColumns = new LinkedHashSet<>(associationColumns);
    this.measured = new LinkedHashSet<>(profiled);
    this.measured.addAll(associationColumns);
    label.ifPresent(l -> measured.add(l.column()));
    for (String c : measured) {
      kinds.put(c, Cols.kind(c, schema.apply(c).dataType(), categoricalColumns));
    }
  }

  void plan(AggregatePass pass) {
    for (String c : measured) {
      pass.nonNull(c);
      if (kinds.get(c).equals(DataProfile.NUMERIC)) {
        Column x = Cols.col(c).cast("double");
        pass.add("min:" + c, () -> functions.min(x));
        pass.add("max:" + c, () -> functions.max(x));
        pass.add("mean:" + c, () -> functions.avg(x));
        pass.add("stddev:" + c, () -> functions.stddev_samp(x));
      }
    }
    if (label.isPresent() && !label.get().classification()) {
      Column y = Cols.col(label.get().column()).cast("double");
      for (String c : associationColumns) {
        if (kinds.get(c).equals(DataProfile.NUMERIC)) {
          pass.add("corr:" + c, () -> functions.corr(Cols.col(c).cast("double"), y));
        }
      }
    }
  }

  ProfileStats run(Dataset<Row> data, AggregatePass pass) {
    Map<String, Histogram> histograms = new LinkedHashMap<>();
    for (String c : measured) {
      if (kinds.get(c).equals(DataProfile.NUMERIC)) {
        Optional<Double> min = pass.doubleAt(pass.slot("min:" + c));
        Optional<Double> max = pass.doubleAt(pass.slot("max:" + c));
        if (min.isPresent() && max.isPresent()) {
          histograms.put(c, new Histogram(min.get(), max.get(), min.get().equals(max.get()) ? 1 : bins));
        }
      }
    }
    List<Row> cells = secondPass(data, histograms);
    ProfileCells parsed = ProfileCells.of(cells);

    Map<String, DataProfile.ColumnProfile> columns = new LinkedHashMap<>();
    long rows = pass.rows();
    for (String c : profiled) {
      columns.put(c, columnProfile(c, pass, rows, histograms.get(c), parsed));
    }
    Map<String, Association> associations = new LinkedHashMap<>();
    if (label.isPresent()) {
      for (String c : associationColumns) {
        association(c, pass, parsed).ifPresent(a -> associations.put(c, a));
      }
    }
    return new ProfileStats(new DataProfile(rows, columns), associations);
  }

  private DataProfile.ColumnProfile columnProfile(String c, AggregatePass pass, long rows, Histogram histogram, ProfileCells cells) {
    long count = pass.longAt(pass.nonNull(c));
    String type = schema.apply(c).dataType().simpleString();
    String kind = kinds.get(c);
    if (kind.equals(DataProfile.NUMERIC)) {
      Optional<DataProfile.Histogram> h = Optional.ofNullable(histogram).map(hist -> hist.toProfile(cells.bins(c, hist.bins)));
      return new DataProfile.ColumnProfile(kind, type, count, rows - count, pass.doubleAt(pass.slot("min:" + c)),
          pass.doubleAt(pass.slot("max:" + c)), pass.doubleAt(pass.slot("mean:" + c)), pass.doubleAt(pass.slot("stddev:" + c)),
          h, Optional.empty(), List.of());
    }
    if (kind.equals(DataProfile.CATEGORICAL)) {
      List<DataProfile.CategoryCount> top = new ArrayList<>();
      cells.valueTotals(c).entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
          .limit(TOP_CATEGORIES)
          .forEach(e -> top.add(new DataProfile.CategoryCount(e.getKey(), e.getValue(), count == 0 ? 0 : (double) e.getValue() / count)));
      return new DataProfile.ColumnProfile(kind, type, count, rows - count, Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.of(cells.distinct(c)), top);
    }
    return new DataProfile.ColumnProfile(kind, type, count, rows - count, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), List.of());
  }

  private Optional<Association> association(String c, AggregatePass pass, ProfileCells cells) {
    boolean classification = label.get().classification();
    String kind = kinds.get(c);
    if (kind.equals(DataProfile.NUMERIC)) {
      if (classification) {
        return Optional.of(new Association("correlation ratio", Statistics.correlationRatio(cells.momentsByClass(c))));
      }
      return Optional.of(new Association("|Pearson correlation|", pass.doubleAt(pass.slot("corr:" + c)).map(Math::abs).orElse(0.0)));
    }
    if (kind.equals(DataProfile.CATEGORICAL)) {
      if (classification) {
        return Optional.of(new Association("Cramér's V", Statistics.cramersV(cells.contingency(c))));
      }
      return Optional.of(new Association("correlation ratio", Statistics.correlationRatio(cells.labelMomentsByCategory(c))));
    }
    return Optional.empty();
  }

  /** Bin {@code i} of {@code bins} equal-width bins over [min, max]; the maximum falls in the last bin. */
  record Histogram(double min, double max, int bins) {
    double width() {
      return (max - min) / bins;
    }

    Column bucket(Column x) {
      if (max == min) {
        return functions.when(x.isNotNull(), functions.lit(0));
      }
      Column raw = functions.floor(x.minus(min).divide(width())).cast("int");
      return functions.least(functions.greatest(raw, functions.lit(0)), functions.lit(bins - 1));
    }

    DataProfile.Histogram toProfile(long[] counts) {
      List<Double> edges = new ArrayList<>();
      for (int i = 0; i <= bins; i++) {
        edges.add(i == bins ? max : min + i * width());
      }
      List<Long> c = new ArrayList<>();
      for (long n : counts) {
        c.add(n);
      }
      return new DataProfile.Histogram(edges, c);
    }
  }

  /** The second job: entries (column, value or bin, class, numeric side) counted per group. */
  private List<Row> secondPass(Dataset<Row> data, Map<String, Histogram> histograms) {
    boolean classification = label.isPresent() && label.get().classification();
    boolean regression = label.isPresent() && !label.get().classification();
    Column group = classification ? functions.trim(Cols.text(label.get().column())) : functions.lit(null).cast("string");
    Column labelValue = regression ? Cols.col(label.get().column()).cast("double") : functions.lit(null).cast("double");
    Column noValue = functions.lit(null).cast("string");
    Column noBucket = functions.lit(null).cast("int");
    Column noY = functions.lit(null).cast("double");
    List<Column> entries = new ArrayList<>();
    for (String c : measured) {
      String kind = kinds.get(c);
      boolean measuredAgainstLabel = associationColumns.contains(c);
      if (kind.equals(DataProfile.CATEGORICAL)) {
        entries.add(functions.struct(functions.lit(c).as("name"), Cols.text(c).as("value"), noBucket.as("bucket"),
            (measuredAgainstLabel ? group : noValue).as("grp"), (measuredAgainstLabel ? labelValue : noY).as("y")));
      } else if (kind.equals(DataProfile.NUMERIC) && histograms.containsKey(c)) {
        Column x = Cols.col(c).cast("double");
        boolean byClass = measuredAgainstLabel && classification;
        entries.add(functions.struct(functions.lit(c).as("name"), noValue.as("value"), histograms.get(c).bucket(x).as("bucket"),
            (byClass ? group : noValue).as("grp"), (byClass ? x : noY).as("y")));
      }
    }
    if (entries.isEmpty()) {
      return List.of();
    }
    Column name = functions.col("name");
    Column value = functions.col("value");
    Column bucket = functions.col("bucket");
    Column y = functions.col("y");
    Dataset<Row> exploded = data.select(functions.explode(functions.array(entries.toArray(Column[]::new))).as("e")).select("e.*")
        .filter(value.isNotNull().or(bucket.isNotNull()));
    Dataset<Row> cells = exploded.groupBy(name, value, bucket, functions.col("grp"))
        .agg(functions.count(functions.lit(1)).as("n"), functions.count(y).as("ny"), functions.sum(y).as("sy"),
            functions.sum(y.multiply(y)).as("syy"));
    WindowSpec byName = Window.partitionBy(name);
    Dataset<Row> ranked = cells
        .withColumn("vt", functions.sum("n").over(Window.partitionBy(name, value, bucket)))
        .withColumn("rk", functions.dense_rank().over(byName.orderBy(functions.col("vt").desc(), value.asc())))
        .withColumn("gn", functions.sum("n").over(Window.partitionBy(name, functions.col("grp"))))
        .withColumn("tn", functions.sum("ny").over(byName))
        .withColumn("ts", functions.sum("sy").over(byName))
        .withColumn("tss", functions.sum("syy").over(byName));
    return ranked.withColumn("distinct", functions.max("rk").over(byName))
        .filter(bucket.isNotNull().or(functions.col("rk").leq(TOP_CATEGORIES)))
        .select("name", "value", "bucket", "grp", "n", "ny", "sy", "syy", "gn", "tn", "ts", "tss", "distinct")
        .collectAsList();
  }
}
