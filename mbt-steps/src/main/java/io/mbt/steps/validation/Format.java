package io.mbt.steps.validation;

import java.util.Locale;

/** Numbers in check messages. */
final class Format {
  private Format() {}

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.2f%%", share * 100);
  }

  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.valueOf((long) value);
    }
    return String.format(Locale.ROOT, "%.4g", value);
  }

  static String statistic(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
