package io.mbt.steps.training;

import io.mbt.compiler.model.FeatureTable;
import io.mbt.compiler.model.JoinType;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * {@code join_tables}: joins each feature table to the base table in order, on its {@code
 * join_key} (one column or several) with its {@code join_type}. Key columns appear once in the
 * result (a full join coalesces them). With {@code fan_out_check}, a join that would repeat base
 * rows (the joined table has several rows for a key the base has) fails with the counts, checked
 * in one Spark job before anything is written.
 */
public final class JoinTablesStep implements Step {
  private static final int SAMPLE_KEYS = 5;

  /** The step's config, as the compiler's planner writes it. */
  record Config(String base, List<FeatureTable> joins) {
    Config {
      joins = joins == null ? List.of() : List.copyOf(joins);
    }
  }

  @Override
  public void run(StepContext ctx) {
    Config cfg = ctx.config(Config.class);
    List<String> inputs = ctx.step().inputs();
    if (inputs.size() != cfg.joins().size() + 1) {
      throw new IllegalStateException("join_tables reads " + inputs + " for base " + cfg.base() + " and joins "
          + cfg.joins().stream().map(FeatureTable::table).toList() + "; recompile the pipeline with this mbt version");
    }
    Dataset<Row> joined = ctx.table(inputs.get(0));
    List<String> joinedNames = new ArrayList<>(List.of(cfg.base()));
    for (int i = 0; i < cfg.joins().size(); i++) {
      FeatureTable table = cfg.joins().get(i);
      Dataset<Row> right = ctx.table(inputs.get(i + 1));
      String leftName = joinedNames.size() == 1 ? "'" + cfg.base() + "'" : "the join of " + joinedNames;
      checkKeys(table, joined, leftName, right);
      checkCollisions(table, joined, leftName, right);
      if (table.fanOutCheck()) {
        checkFanOut(table, joined, leftName, right);
      }
      joined = joined.join(right, seq(table.joinKey()), sparkJoinType(table.joinType()));
      joinedNames.add(table.table());
    }
    OutputRecord written = ctx.putTable("joined_data", joined);
    ctx.record("rows", WrittenRows.of(ctx.spark(), written));
    ctx.record("tables_joined", joinedNames.size());
  }

  private static void checkKeys(FeatureTable table, Dataset<Row> left, String leftName, Dataset<Row> right) {
    for (String key : table.joinKey()) {
      if (!has(left, key)) {
        throw new StepFailedException("join key '" + key + "' of table '" + table.table() + "' is not in " + leftName + "; its columns: "
            + String.join(", ", left.columns()), "fix feature_tables[" + table.table() + "].join_key, or keep the column in the base table");
      }
      if (!has(right, key)) {
        throw new StepFailedException("join key '" + key + "' is not in table '" + table.table() + "'; its columns: "
            + String.join(", ", right.columns()), "fix feature_tables[" + table.table() + "].join_key");
      }
    }
  }

  /** A non-key column on both sides would appear twice; Spark (and Delta) cannot tell the copies apart. */
  private static void checkCollisions(FeatureTable table, Dataset<Row> left, String leftName, Dataset<Row> right) {
    Set<String> keys = table.joinKey().stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    Set<String> leftColumns = Set.of(left.columns()).stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    List<String> both = new ArrayList<>();
    for (String c : right.columns()) {
      String lower = c.toLowerCase(Locale.ROOT);
      if (!keys.contains(lower) && leftColumns.contains(lower)) {
        both.add(c);
      }
    }
    if (!both.isEmpty()) {
      throw new StepFailedException("columns " + both + " are in both " + leftName + " and table '" + table.table()
          + "' and are not part of its join_key " + table.joinKey(),
          "add them to join_key (e.g. a shared snapshot date), or list the columns to take from '" + table.table()
              + "' with feature_tables[].columns");
    }
  }

  /**
   * Fails if {@code right} has several rows for a key that {@code left} has: one job (group the
   * right side's keys, keep those seen twice that the left side also has, take a few). The full
   * counts are computed only for the error message.
   */
  private static void checkFanOut(FeatureTable table, Dataset<Row> left, String leftName, Dataset<Row> right) {
    Column[] keyColumns = table.joinKey().stream().map(JoinTablesStep::quoted).toArray(Column[]::new);
    Column notNull = table.joinKey().stream().map(k -> quoted(k).isNotNull()).reduce(Column::and).orElseThrow();
    Dataset<Row> duplicated = right.filter(notNull).groupBy(keyColumns).agg(functions.count(functions.lit(1)).as("__rows"))
        .filter(functions.col("__rows").gt(1))
        .join(left.select(keyColumns), seq(table.joinKey()), "left_semi");
    List<Row> sample = duplicated.orderBy(functions.col("__rows").desc()).limit(SAMPLE_KEYS).collectAsList();
    if (sample.isEmpty()) {
      return;
    }
    long baseRows = left.count();
    long joinedRows = left.join(right, seq(table.joinKey()), sparkJoinType(table.joinType())).count();
    long keys = duplicated.count();
    String examples = sample.stream().map(r -> describeKey(table.joinKey(), r)).collect(Collectors.joining("; "));
    throw new StepFailedException("joining table '" + table.table() + "' on " + table.joinKey() + " fans out: " + leftName + " has "
        + baseRows + " rows and the " + table.joinType().yamlName() + " join has " + joinedRows + ", because " + keys + " keys occur more than"
        + " once in '" + table.table() + "' (e.g. " + examples + ")",
        "make '" + table.table() + "' unique on its join_key (aggregate it), extend join_key to a unique key, or set fan_out_check: false"
            + " if repeating base rows is intended");
  }

  private static String describeKey(List<String> keys, Row row) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(keys.get(i)).append('=').append(row.get(i));
    }
    return out.append(" x").append(row.getLong(keys.size())).toString();
  }

  static String sparkJoinType(JoinType type) {
    return switch (type) {
      case INNER -> "inner";
      case LEFT -> "left";
      case RIGHT -> "right";
      case FULL -> "full";
    };
  }

  private static boolean has(Dataset<Row> data, String column) {
    for (String c : data.columns()) {
      if (c.equalsIgnoreCase(column)) {
        return true;
      }
    }
    return false;
  }

  private static Seq<String> seq(List<String> columns) {
    return JavaConverters.asScalaBuffer(columns).toSeq();
  }

  private static Column quoted(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }
}
