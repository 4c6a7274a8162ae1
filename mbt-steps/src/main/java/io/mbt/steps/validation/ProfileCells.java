package io.mbt.steps.validation;

import io.mbt.steps.validation.Statistics.Moments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * The rows of the profiler's second pass, indexed per column: (name, value, bin, class, n, n of the
 * numeric side, its sum, its sum of squares, class total, column totals, distinct values).
 */
record ProfileCells(Map<String, List<Row>> byColumn) {
  static ProfileCells of(List<Row> rows) {
    Map<String, List<Row>> out = new LinkedHashMap<>();
    for (Row r : rows) {
      out.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
    }
    return new ProfileCells(out);
  }

  List<Row> rows(String c) {
    return byColumn.getOrDefault(c, List.of());
  }

  long[] bins(String c, int bins) {
    long[] counts = new long[bins];
    for (Row r : rows(c)) {
      if (!r.isNullAt(2)) {
        counts[r.getInt(2)] += r.getLong(4);
      }
    }
    return counts;
  }

  Map<String, Long> valueTotals(String c) {
    Map<String, Long> totals = new TreeMap<>();
    for (Row r : rows(c)) {
      if (!r.isNullAt(1)) {
        totals.merge(r.getString(1), r.getLong(4), Long::sum);
      }
    }
    return totals;
  }

  long distinct(String c) {
    List<Row> rows = rows(c);
    return rows.isEmpty() ? 0 : rows.get(0).getInt(12);
  }

  /** Per class, the moments of a numeric feature (summed over its bins). */
  List<Moments> momentsByClass(String c) {
    Map<String, Moments> byClass = new TreeMap<>();
    for (Row r : rows(c)) {
      if (!r.isNullAt(3)) {
        byClass.merge(r.getString(3), moments(r), Moments::plus);
      }
    }
    return List.copyOf(byClass.values());
  }

  /** Feature value x class counts: the kept values, plus one "other" row for the rest. */
  long[][] contingency(String c) {
    Map<String, Map<String, Long>> cells = new TreeMap<>();
    Map<String, Long> classTotals = new TreeMap<>();
    for (Row r : rows(c)) {
      if (r.isNullAt(3)) {
        continue;
      }
      cells.computeIfAbsent(r.getString(1), k -> new TreeMap<>()).put(r.getString(3), r.getLong(4));
      classTotals.put(r.getString(3), r.getLong(8));
    }
    List<String> classes = new ArrayList<>(classTotals.keySet());
    long[][] table = new long[cells.size() + 1][classes.size()];
    int i = 0;
    for (Map<String, Long> row : cells.values()) {
      for (int j = 0; j < classes.size(); j++) {
        long n = row.getOrDefault(classes.get(j), 0L);
        table[i][j] = n;
        table[cells.size()][j] -= n;
      }
      i++;
    }
    for (int j = 0; j < classes.size(); j++) {
      table[cells.size()][j] += classTotals.get(classes.get(j));
    }
    return table;
  }

  /** Per kept category, the moments of the (numeric) label, plus one "other" group for the rest. */
  List<Moments> labelMomentsByCategory(String c) {
    Map<String, Moments> byValue = new TreeMap<>();
    Moments total = null;
    for (Row r : rows(c)) {
      byValue.merge(r.getString(1), moments(r), Moments::plus);
      total = new Moments(r.getLong(9), r.isNullAt(10) ? 0 : r.getDouble(10), r.isNullAt(11) ? 0 : r.getDouble(11));
    }
    List<Moments> groups = new ArrayList<>(byValue.values());
    if (total != null) {
      Moments kept = groups.stream().reduce(new Moments(0, 0, 0), Moments::plus);
      groups.add(total.minus(kept));
    }
    return groups;
  }

  private static Moments moments(Row r) {
    return new Moments(r.getLong(5), r.isNullAt(6) ? 0 : r.getDouble(6), r.isNullAt(7) ? 0 : r.getDouble(7));
  }
}
