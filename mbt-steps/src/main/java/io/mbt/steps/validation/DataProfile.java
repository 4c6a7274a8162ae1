package io.mbt.steps.validation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code data_profile} artifact of {@code validate_data}: per column, what a later run needs to
 * detect drift against this one. Numeric columns keep an equal-width histogram over {@code [min,
 * max]} with its edges, so a later run can count its own data in the same bins; categorical
 * columns keep their most frequent values. Computed on the data the step received (before
 * {@code skip_row}), so profiles of different runs compare like with like.
 *
 * @param rows rows of the data
 * @param columns per column, in data order (identifier and ignored columns left out)
 */
public record DataProfile(long rows, Map<String, ColumnProfile> columns) {
  public static final String NUMERIC = "numeric";
  public static final String CATEGORICAL = "categorical";
  public static final String OTHER = "other";

  public DataProfile {
    columns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
  }

  /**
   * One column.
   *
   * @param kind {@link #NUMERIC}, {@link #CATEGORICAL} or {@link #OTHER} (dates, nested types: counts only)
   * @param dataType the Spark type, e.g. {@code double}
   * @param count non-null values
   * @param nulls null values
   * @param distinct distinct non-null values (categorical)
   * @param topCategories the most frequent values, most frequent first (categorical)
   */
  public record ColumnProfile(
      String kind,
      String dataType,
      long count,
      long nulls,
      Optional<Double> min,
      Optional<Double> max,
      Optional<Double> mean,
      Optional<Double> stddev,
      Optional<Histogram> histogram,
      Optional<Long> distinct,
      List<CategoryCount> topCategories) {
    public ColumnProfile {
      requireNonNull(kind, "kind is null");
      requireNonNull(dataType, "dataType is null");
      min = min == null ? Optional.empty() : min;
      max = max == null ? Optional.empty() : max;
      mean = mean == null ? Optional.empty() : mean;
      stddev = stddev == null ? Optional.empty() : stddev;
      histogram = histogram == null ? Optional.empty() : histogram;
      distinct = distinct == null ? Optional.empty() : distinct;
      topCategories = topCategories == null ? List.of() : List.copyOf(topCategories);
    }
  }

  /**
   * Equal-width bins: bin {@code i} holds values in {@code [edges[i], edges[i+1])}, the last bin
   * also its upper edge. A constant column has one bin and two equal edges.
   */
  public record Histogram(List<Double> edges, List<Long> counts) {
    public Histogram {
      edges = List.copyOf(edges);
      counts = List.copyOf(counts);
      if (edges.size() != counts.size() + 1) {
        throw new IllegalArgumentException("a histogram needs one more edge than bins, but has " + edges.size() + " edges and "
            + counts.size() + " bins");
      }
    }
  }

  /** A categorical value, how often it occurs, and its share of the non-null values. */
  public record CategoryCount(String value, long count, double frequency) {
    public CategoryCount {
      requireNonNull(value, "value is null");
    }
  }
}
