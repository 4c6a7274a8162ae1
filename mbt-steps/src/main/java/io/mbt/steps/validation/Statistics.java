package io.mbt.steps.validation;

import java.util.List;

/** The statistics of drift and leakage checks. */
final class Statistics {
  /** Proportions below this are raised to it, so an empty bin does not make PSI infinite. */
  static final double EPSILON = 1e-4;

  private Statistics() {}

  /**
   * Population stability index of {@code actual} against {@code expected} over the same bins:
   * {@code sum((a - e) * ln(a / e))} of the bins' proportions. Below 0.1 is usually read as stable,
   * above 0.25 as a major shift.
   */
  static double psi(double[] expected, double[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalArgumentException("PSI needs the same bins, but got " + expected.length + " and " + actual.length);
    }
    double e = sum(expected);
    double a = sum(actual);
    if (e == 0 || a == 0) {
      return 0;
    }
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double pe = Math.max(expected[i] / e, EPSILON);
      double pa = Math.max(actual[i] / a, EPSILON);
      psi += (pa - pe) * Math.log(pa / pe);
    }
    return psi;
  }

  /**
   * Cramér's V of a contingency table (rows: feature values, columns: classes), with Bergsma's bias
   * correction so that many categories over few rows do not look associated. 0 = independent, 1 =
   * the feature determines the class.
   */
  static double cramersV(long[][] table) {
    int rows = table.length;
    int cols = rows == 0 ? 0 : table[0].length;
    double[] rowSums = new double[rows];
    double[] colSums = new double[cols];
    double n = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        rowSums[i] += table[i][j];
        colSums[j] += table[i][j];
        n += table[i][j];
      }
    }
    int r = (int) java.util.Arrays.stream(rowSums).filter(s -> s > 0).count();
    int k = (int) java.util.Arrays.stream(colSums).filter(s -> s > 0).count();
    if (r < 2 || k < 2 || n < 2) {
      return 0;
    }
    double chi2 = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        if (rowSums[i] > 0 && colSums[j] > 0) {
          double expected = rowSums[i] * colSums[j] / n;
          double d = table[i][j] - expected;
          chi2 += d * d / expected;
        }
      }
    }
    double phi2 = chi2 / n;
    double phi2c = Math.max(0, phi2 - (double) (k - 1) * (r - 1) / (n - 1));
    double rc = r - (double) (r - 1) * (r - 1) / (n - 1);
    double kc = k - (double) (k - 1) * (k - 1) / (n - 1);
    double denominator = Math.min(kc - 1, rc - 1);
    return denominator <= 0 ? 0 : Math.min(1, Math.sqrt(phi2c / denominator));
  }

  /** Count, sum and sum of squares of a numeric variable within one group. */
  record Moments(double n, double sum, double sumSquares) {
    Moments plus(Moments o) {
      return new Moments(n + o.n, sum + o.sum, sumSquares + o.sumSquares);
    }

    Moments minus(Moments o) {
      return new Moments(n - o.n, sum - o.sum, sumSquares - o.sumSquares);
    }
  }

  /**
   * The correlation ratio η of a numeric variable across groups: the share of its spread explained
   * by the group, as a root (0..1). For two groups it equals the absolute point-biserial
   * correlation with a 0/1 group index.
   */
  static double correlationRatio(List<Moments> groups) {
    Moments total = new Moments(0, 0, 0);
    double between = 0;
    for (Moments g : groups) {
      if (g.n() > 0) {
        total = total.plus(g);
        between += g.sum() * g.sum() / g.n();
      }
    }
    if (total.n() < 2) {
      return 0;
    }
    double correction = total.sum() * total.sum() / total.n();
    double totalSs = total.sumSquares() - correction;
    if (totalSs <= 1e-12 * Math.max(1, Math.abs(total.sumSquares()))) {
      return 0; // a constant variable explains nothing and is explained by nothing
    }
    return Math.sqrt(Math.min(1, Math.max(0, (between - correction) / totalSs)));
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }
}
