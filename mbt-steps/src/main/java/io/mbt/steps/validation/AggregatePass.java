package io.mbt.steps.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Collects the aggregates of every check and the profile into one {@code agg}, so all of them cost
 * one Spark job. Expressions are registered under a key and shared: two checks asking for the
 * null count of a column get one aggregate.
 */
final class AggregatePass {
  private final Map<String, Integer> indexByKey = new LinkedHashMap<>();
  private final List<Column> aggregates = new ArrayList<>();
  private Row result;

  AggregatePass() {
    add("rows", () -> functions.count(functions.lit(1)));
  }

  /** Registers {@code expression} under {@code key} (once); returns its slot. */
  int add(String key, Supplier<Column> expression) {
    Integer existing = indexByKey.get(key);
    if (existing != null) {
      return existing;
    }
    if (result != null) {
      throw new IllegalStateException("aggregate '" + key + "' registered after the pass ran");
    }
    return indexByKey.computeIfAbsent(key, k -> {
      aggregates.add(expression.get().as("a" + aggregates.size()));
      return aggregates.size() - 1;
    });
  }

  /** The slot of an aggregate registered earlier. */
  int slot(String key) {
    Integer existing = indexByKey.get(key);
    if (existing == null) {
      throw new IllegalStateException("no aggregate '" + key + "' was registered");
    }
    return existing;
  }

  /** Non-null values of a column. */
  int nonNull(String column) {
    return add("count:" + column, () -> functions.count(Cols.col(column)));
  }

  void run(Dataset<Row> data) {
    Column first = aggregates.get(0);
    Column[] rest = aggregates.subList(1, aggregates.size()).toArray(Column[]::new);
    result = data.agg(first, rest).head();
  }

  long rows() {
    return longAt(0);
  }

  long longAt(int slot) {
    Object v = value(slot);
    return v == null ? 0L : ((Number) v).longValue();
  }

  /** A finite double, or empty for null and NaN/infinite results (no rows, one row for a standard deviation). */
  Optional<Double> doubleAt(int slot) {
    Object v = value(slot);
    if (v == null) {
      return Optional.empty();
    }
    double d = ((Number) v).doubleValue();
    return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
  }

  private Object value(int slot) {
    if (result == null) {
      throw new IllegalStateException("the aggregate pass has not run");
    }
    return result.get(slot);
  }
}
