package io.mbt.steps.validation;

import io.mbt.compiler.model.CheckSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;

/** {@code null_threshold}: the null share of each column must not exceed {@code max_null_pct}; skip_row drops rows null in an offending column. */
final class NullThresholdCheck implements PlannedCheck {
  private final CheckSpec.NullThreshold spec;
  private final List<String> columns;
  private final List<String> missing;

  /** @param columns the listed columns, or every non-ignored column for {@code "*"} */
  NullThresholdCheck(CheckSpec.NullThreshold spec, List<String> columns, List<String> present) {
    this.spec = spec;
    this.columns = columns.stream().filter(present::contains).toList();
    this.missing = columns.stream().filter(c -> !present.contains(c)).toList();
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }

  @Override
  public void plan(AggregatePass pass) {
    columns.forEach(pass::nonNull);
  }

  @Override
  public Finding evaluate(AggregatePass pass, ProfileStats stats) {
    List<String> reported = spec.allColumns() ? List.of("*") : spec.columns();
    if (!missing.isEmpty()) {
      return Finding.fail(reported, "columns " + missing + " are not in the data");
    }
    long rows = pass.rows();
    if (rows == 0) {
      return Finding.pass(reported, "no rows to check");
    }
    List<String> over = new ArrayList<>();
    StringBuilder detail = new StringBuilder();
    String worst = null;
    double worstShare = -1;
    for (String c : columns) {
      long nulls = rows - pass.longAt(pass.nonNull(c));
      double share = (double) nulls / rows;
      if (share > worstShare) {
        worstShare = share;
        worst = c;
      }
      if (share > spec.maxNullPct()) {
        over.add(c);
        detail.append(detail.length() == 0 ? "" : ", ").append(c).append(' ').append(Format.percent(share)).append(" (")
            .append(nulls).append(" of ").append(rows).append(" rows)");
      }
    }
    String limit = Format.percent(spec.maxNullPct());
    if (over.isEmpty()) {
      return Finding.pass(reported, worst == null ? "no columns to check"
          : "highest null share " + Format.percent(worstShare) + " (" + worst + ") <= " + limit);
    }
    Optional<Column> anyNull = over.stream().map(c -> Cols.col(c).isNull()).reduce(Column::or);
    return Finding.failRows(reported, "null share above " + limit + ": " + detail, anyNull.orElseThrow());
  }
}
