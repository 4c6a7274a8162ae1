package io.mbt.steps.validation;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Custom checks for tests, loaded by class name as a user's would be. */
final class TestChecks {
  private TestChecks() {}

  /** Passes when the share of {@code config.positive} labels lies in [min_rate, max_rate]. */
  public static final class PositiveRate implements CustomCheck {
    @Override
    public CheckOutcome check(Dataset<Row> data, Map<String, Object> config, CheckContext ctx) {
      String positive = String.valueOf(config.get("positive"));
      double rate = data.agg(functions.avg(functions.col(ctx.labelColumn()).equalTo(positive).cast("double"))).head().getDouble(0);
      double min = ((Number) config.get("min_rate")).doubleValue();
      double max = ((Number) config.get("max_rate")).doubleValue();
      String message = String.format(java.util.Locale.ROOT, "positive rate %.2f (allowed %.2f..%.2f)", rate, min, max);
      return rate >= min && rate <= max ? CheckOutcome.passed(message) : CheckOutcome.failed(message);
    }
  }

  /** A broken check. */
  public static final class Throws implements CustomCheck {
    @Override
    public CheckOutcome check(Dataset<Row> data, Map<String, Object> config, CheckContext ctx) {
      throw new IllegalStateException("boom");
    }
  }
}
