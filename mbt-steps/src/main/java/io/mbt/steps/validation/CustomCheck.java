package io.mbt.steps.validation;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A user-defined data check ({@code type: custom, class: com.acme.MyCheck, config: {...}}): a
 * class on the driver's class path with a public no-argument constructor. It judges the data the
 * validate step received; what a failure does ({@code fail} or {@code warn}) is the check's {@code
 * on_failure}. Keep it to one Spark job where possible (aggregate, then {@code head()}).
 *
 * <pre>{@code
 * public final class PositiveRateCheck implements CustomCheck {
 *   public CheckOutcome check(Dataset<Row> data, Map<String, Object> config, CheckContext ctx) {
 *     double rate = data.agg(avg(col(ctx.labelColumn()).equalTo("Yes").cast("double"))).head().getDouble(0);
 *     return rate < 0.01 || rate > 0.99
 *         ? CheckOutcome.failed(String.format("label positive rate %.4f is too extreme", rate))
 *         : CheckOutcome.passed(String.format("label positive rate %.4f", rate));
 *   }
 * }
 * }</pre>
 *
 * An exception thrown by {@link #check} fails the step (a broken check is not a warning).
 */
public interface CustomCheck {
  CheckOutcome check(Dataset<Row> data, Map<String, Object> config, CheckContext ctx);
}
