package io.mbt.steps.connector;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * What to read of a table: the columns to keep and a date range on its partition column.
 *
 * @param columns columns to keep, in order; empty keeps all
 * @param skipMissingColumns whether listed columns the table lacks are left out (for a column list
 *     shared by several joined tables) instead of failing
 * @param dateFilter rows to keep by partition column; a table without that column is read whole (a
 *     dimension table joined to a partitioned one)
 * @param version the table version to read (Delta time travel), as {@link
 *     DataConnector#currentVersion} gave it; empty reads the current one
 */
public record ReadOptions(List<String> columns, boolean skipMissingColumns, Optional<DateFilter> dateFilter, Optional<Long> version) {
  public ReadOptions {
    columns = List.copyOf(columns);
    requireNonNull(dateFilter, "dateFilter is null");
    requireNonNull(version, "version is null");
  }

  /** Every column, every row. */
  public static ReadOptions all() {
    return new ReadOptions(List.of(), false, Optional.empty(), Optional.empty());
  }

  /** These columns (each must exist), every row. */
  public static ReadOptions columns(List<String> columns) {
    return new ReadOptions(columns, false, Optional.empty(), Optional.empty());
  }

  public ReadOptions withDateFilter(DateFilter filter) {
    return new ReadOptions(columns, skipMissingColumns, Optional.of(filter), version);
  }

  public ReadOptions skippingMissingColumns() {
    return new ReadOptions(columns, true, dateFilter, version);
  }

  /** The same read as of table version {@code v}. */
  public ReadOptions atVersion(long v) {
    return new ReadOptions(columns, skipMissingColumns, dateFilter, Optional.of(v));
  }

  /**
   * Applies these options to a table a connector opened: checks the columns against its schema (no
   * Spark job), filters on the partition column, then keeps the columns. Spark pushes both down to
   * the source (partition pruning, Parquet statistics, a JDBC {@code WHERE}).
   *
   * @param location where the table was read from, for messages
   */
  public Dataset<Row> applyTo(Dataset<Row> data, String table, String location) {
    List<String> present = List.of(data.columns());
    List<String> keep = new ArrayList<>();
    for (String c : columns) {
      if (present.contains(c)) {
        keep.add(c);
      } else if (!skipMissingColumns) {
        throw ConnectorErrors.missingColumn(table, location, c, present);
      }
    }
    Dataset<Row> out = data;
    if (dateFilter.isPresent() && present.contains(dateFilter.get().column())) {
      DateFilter f = dateFilter.get();
      out = out.filter(f.predicate(data.schema().apply(f.column()).dataType()));
    }
    if (!columns.isEmpty()) {
      Set<String> distinct = new LinkedHashSet<>(keep);
      out = out.select(distinct.stream().map(ReadOptions::quoted).toArray(Column[]::new));
    }
    return out;
  }

  private static Column quoted(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }

  /**
   * Rows whose {@code column} lies in {@code [from, to)}. The column may be a date, a timestamp, an
   * ISO date string ({@code yyyy-MM-dd...}, compared as text so the filter still pushes down) or a
   * {@code yyyyMMdd} integer.
   */
  public record DateFilter(String column, LocalDate from, LocalDate to) {
    private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;

    public DateFilter {
      requireNonNull(column, "column is null");
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("date filter on " + column + " must have from < to, but was [" + from + ", " + to + ")");
      }
    }

    /** The filter as a predicate on a column of type {@code type}. */
    public Column predicate(DataType type) {
      Column c = quoted(column);
      if (type.equals(DataTypes.DateType) || type instanceof TimestampType || type instanceof TimestampNTZType) {
        // A date literal compared with a timestamp is widened to midnight: [from 00:00, to 00:00).
        return c.geq(functions.lit(java.sql.Date.valueOf(from))).and(c.lt(functions.lit(java.sql.Date.valueOf(to))));
      }
      if (type instanceof StringType) {
        return c.geq(functions.lit(from.toString())).and(c.lt(functions.lit(to.toString())));
      }
      if (type instanceof IntegerType || type instanceof LongType) {
        return c.geq(functions.lit(Long.parseLong(from.format(BASIC)))).and(c.lt(functions.lit(Long.parseLong(to.format(BASIC)))));
      }
      throw ConnectorErrors.unsupportedPartitionType(column, type);
    }

    @Override
    public String toString() {
      return column + " in [" + from + ", " + to + ")";
    }
  }
}
