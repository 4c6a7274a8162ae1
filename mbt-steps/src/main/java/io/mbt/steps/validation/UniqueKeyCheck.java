package io.mbt.steps.validation;

import io.mbt.compiler.model.CheckSpec;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code unique_key}: no two rows share a key. Distinct keys against rows with a complete key come
 * from the shared pass; a few duplicated keys are looked up (one more job) only when it fails.
 */
final class UniqueKeyCheck implements PlannedCheck {
  private static final int SAMPLE = 5;
  private final CheckSpec.UniqueKey spec;
  private final Dataset<Row> data;
  private final List<String> missing;

  UniqueKeyCheck(CheckSpec.UniqueKey spec, Dataset<Row> data) {
    this.spec = spec;
    this.data = data;
    List<String> present = List.of(data.columns());
    this.missing = spec.columns().stream().filter(c -> !present.contains(c)).toList();
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }

  private Column[] keys() {
    return spec.columns().stream().map(Cols::col).toArray(Column[]::new);
  }

  @Override
  public void plan(AggregatePass pass) {
    if (!missing.isEmpty()) {
      return;
    }
    Column complete = spec.columns().stream().map(c -> Cols.col(c).isNotNull()).reduce(Column::and).orElseThrow();
    Column[] keys = keys();
    pass.add("keyed:" + spec.columns(), () -> functions.count(functions.when(complete, functions.lit(1))));
    pass.add("distinct:" + spec.columns(), () -> functions.countDistinct(keys[0], java.util.Arrays.copyOfRange(keys, 1, keys.length)));
  }

  @Override
  public Finding evaluate(AggregatePass pass, ProfileStats stats) {
    if (!missing.isEmpty()) {
      return Finding.fail(spec.columns(), "key columns " + missing + " are not in the data");
    }
    long keyed = pass.longAt(pass.slot("keyed:" + spec.columns()));
    long distinct = pass.longAt(pass.slot("distinct:" + spec.columns()));
    long nullKeys = pass.rows() - keyed;
    String nulls = nullKeys == 0 ? "" : "; " + nullKeys + " rows have a null key part";
    if (keyed == distinct) {
      return Finding.pass(spec.columns(), distinct + " distinct keys in " + keyed + " rows" + nulls);
    }
    List<Row> sample = data.groupBy(keys()).count().filter(functions.col("count").gt(1)).orderBy(functions.col("count").desc())
        .limit(SAMPLE).collectAsList();
    String examples = sample.stream().map(r -> {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < spec.columns().size(); i++) {
        s.append(i == 0 ? "" : ", ").append(spec.columns().get(i)).append('=').append(r.get(i));
      }
      return s.append(" x").append(r.getLong(spec.columns().size())).toString();
    }).collect(Collectors.joining("; "));
    return Finding.fail(spec.columns(), (keyed - distinct) + " duplicate rows: " + distinct + " distinct keys in " + keyed + " rows (e.g. "
        + examples + ")" + nulls);
  }
}
