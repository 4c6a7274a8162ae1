package io.mbt.steps.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Counts of test rows by actual class (rows) and predicted class (columns), classes in label
 * index order.
 */
public record ConfusionMatrix(List<String> classes, long[][] counts) {
  public ConfusionMatrix {
    classes = List.copyOf(classes);
    Objects.requireNonNull(counts, "counts is null");
    if (counts.length != classes.size()) {
      throw new IllegalArgumentException("counts must have " + classes.size() + " rows, but had: " + counts.length);
    }
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      if (counts[i].length != classes.size()) {
        throw new IllegalArgumentException("counts row " + i + " must have " + classes.size() + " columns, but had: " + counts[i].length);
      }
      copy[i] = counts[i].clone();
    }
    counts = copy;
  }

  @Override
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  public long count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  public long total() {
    long total = 0;
    for (long[] row : counts) {
      for (long c : row) {
        total += c;
      }
    }
    return total;
  }

  /** Share of rows predicted as their actual class. */
  public double accuracy() {
    long correct = 0;
    for (int i = 0; i < counts.length; i++) {
      correct += counts[i][i];
    }
    return ratio(correct, total());
  }

  /** Of the rows predicted as {@code k}, the share that are {@code k}; 0 if none is predicted {@code k}. */
  public double precision(int k) {
    long predicted = 0;
    for (long[] row : counts) {
      predicted += row[k];
    }
    return ratio(counts[k][k], predicted);
  }

  /** Of the rows of class {@code k}, the share predicted as {@code k}; 0 if there are none. */
  public double recall(int k) {
    return ratio(counts[k][k], actual(k));
  }

  /** The harmonic mean of precision and recall of class {@code k}; 0 if both are 0. */
  public double f1(int k) {
    double p = precision(k);
    double r = recall(k);
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }

  /** Per-class precision averaged with the classes' actual counts as weights (Spark's weightedPrecision). */
  public double weightedPrecision() {
    return weighted(this::precision);
  }

  /** Per-class recall averaged with the classes' actual counts as weights; equals accuracy. */
  public double weightedRecall() {
    return weighted(this::recall);
  }

  /** Per-class F1 averaged with the classes' actual counts as weights (Spark's weightedFMeasure). */
  public double weightedF1() {
    return weighted(this::f1);
  }

  private long actual(int k) {
    long n = 0;
    for (long c : counts[k]) {
      n += c;
    }
    return n;
  }

  private double weighted(java.util.function.IntToDoubleFunction metric) {
    long total = total();
    double sum = 0;
    for (int k = 0; k < counts.length; k++) {
      long n = actual(k);
      if (n > 0) {
        sum += metric.applyAsDouble(k) * n / total;
      }
    }
    return sum;
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0.0 : (double) numerator / denominator;
  }

  /** As eval_metrics stores it: {@code {classes: [...], matrix: [[...]]}}, rows actual. */
  public Map<String, Object> toJson() {
    List<List<Long>> rows = new ArrayList<>();
    for (long[] row : counts) {
      List<Long> values = new ArrayList<>();
      for (long c : row) {
        values.add(c);
      }
      rows.add(values);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("classes", classes);
    out.put("rows", "actual");
    out.put("columns", "predicted");
    out.put("matrix", rows);
    return out;
  }
}
