import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A seeded, Telco-like churn data set: {@code customer_id}, 6 numeric and 9 categorical columns and
 * a {@code churn} label ("Yes"/"No", about 23 % "Yes") drawn from a logistic model of contract,
 * tenure, charges, support calls, fiber, payment method and tech support, so a model can learn it
 * (held-out ROC AUC around 0.8). Every value is a function of the row id and the seed (hashes, not
 * {@code rand()}), so the same N and seed give the same rows whatever the partitioning.
 */
final class TelcoData {
  static final String ID = "customer_id";
  static final String LABEL = "churn";
  static final List<String> NUMERIC = List.of("tenure", "monthly_charges", "total_charges", "num_support_calls", "data_usage_gb", "age");
  static final List<String> CATEGORICAL = List.of("gender", "partner", "contract", "payment_method", "internet_service", "tech_support",
      "paperless_billing", "region", "device");
  private static final double TWO_POW_53 = 9007199254740992.0;

  private TelcoData() {}

  /** Writes {@code rows} rows at {@code path} as {@code format} (parquet or delta). */
  static void write(SparkSession spark, String path, long rows, long seed, String format) {
    int partitions = (int) Math.max(2, Math.min(16, rows / 250_000));
    generate(spark, rows, seed, partitions).write().format(format).mode("overwrite").save(path);
  }

  static Dataset<Row> generate(SparkSession spark, long rows, long seed, int partitions) {
    Column id = col("id");
    Column tenure = floor(pow(u(id, seed, 1), 0.8).multiply(73)).cast("int");
    Column internet = pick(u(id, seed, 2), new double[] {0.34, 0.78}, "DSL", "Fiber optic", "No");
    Column fiber = internet.equalTo("Fiber optic");
    Column noInternet = internet.equalTo("No");
    Column monthly = round(lit(18.0).plus(u(id, seed, 3).multiply(60)).plus(when(fiber, 35.0).otherwise(when(noInternet, -10.0).otherwise(10.0)))
        .plus(normal(id, seed, 4).multiply(5)), 2);
    Column monthlyClamped = greatest(lit(18.25), least(lit(120.0), monthly));
    Column contract = pick(u(id, seed, 5), new double[] {0.55, 0.76}, "Month-to-month", "One year", "Two year");
    Column payment = pick(u(id, seed, 6), new double[] {0.34, 0.57, 0.79}, "Electronic check", "Mailed check", "Bank transfer (automatic)",
        "Credit card (automatic)");
    Column techSupport = when(noInternet, "No internet service").otherwise(pick(u(id, seed, 7), new double[] {0.37}, "Yes", "No"));
    Column calls = floor(log(u(id, seed, 8).plus(1e-12)).multiply(-1.5)).cast("int");
    Column age = lit(18).plus(floor(u(id, seed, 9).multiply(62))).cast("int");
    Column usage = when(noInternet, 0.0).otherwise(round(exp(normal(id, seed, 10).multiply(0.8).plus(2.5)), 2));
    Column gender = pick(u(id, seed, 11), new double[] {0.5}, "Male", "Female");
    Column partner = pick(u(id, seed, 12), new double[] {0.48}, "Yes", "No");
    Column paperless = pick(u(id, seed, 13), new double[] {0.59}, "Yes", "No");
    Column region = concat(lit("R"), lpad(floor(u(id, seed, 14).multiply(12)).plus(1).cast("string"), 2, "0"));
    Column device = pick(u(id, seed, 15), new double[] {0.3, 0.55, 0.75, 0.9}, "android", "ios", "feature_phone", "tablet", "other");

    Dataset<Row> base = spark.range(0, rows, 1, partitions)
        .select(id, tenure.as("tenure"), monthlyClamped.as("monthly_charges"), internet.as("internet_service"), contract.as("contract"),
            payment.as("payment_method"), techSupport.as("tech_support"), calls.as("num_support_calls"), age.as("age"), usage.as("data_usage_gb"),
            gender.as("gender"), partner.as("partner"), paperless.as("paperless_billing"), region.as("region"), device.as("device"));
    // New customers have no total yet (null), as in the IBM Telco data: the imputer has work to do.
    Column total = when(col("tenure").equalTo(0), lit(null).cast("double"))
        .otherwise(round(col("tenure").multiply(col("monthly_charges")).multiply(lit(0.95).plus(u(id, seed, 16).multiply(0.1))), 2));
    Column logit = lit(-1.6)
        .plus(when(col("contract").equalTo("Month-to-month"), 1.4).when(col("contract").equalTo("Two year"), -0.9).otherwise(0.0))
        .minus(col("tenure").multiply(0.03))
        .plus(col("monthly_charges").minus(65).multiply(0.012))
        .plus(col("num_support_calls").multiply(0.35))
        .plus(when(col("internet_service").equalTo("Fiber optic"), 0.5).otherwise(0.0))
        .plus(when(col("payment_method").equalTo("Electronic check"), 0.45).otherwise(0.0))
        .plus(when(col("tech_support").equalTo("Yes"), -0.4).otherwise(0.0))
        .plus(when(col("age").gt(65), 0.3).otherwise(0.0))
        .plus(when(col("partner").equalTo("Yes"), -0.2).otherwise(0.0));
    Column probability = lit(1.0).divide(lit(1.0).plus(exp(logit.multiply(-1))));
    return base.withColumn("total_charges", total)
        .withColumn(LABEL, when(u(id, seed, 17).lt(probability), "Yes").otherwise("No"))
        .select(concat(lit("C"), lpad(id.cast("string"), 9, "0")).as(ID), col("gender"), col("partner"), col("age"), col("tenure"),
            col("contract"), col("payment_method"), col("paperless_billing"), col("internet_service"), col("tech_support"), col("device"),
            col("region"), col("monthly_charges"), col("total_charges"), col("num_support_calls"), col("data_usage_gb"), col(LABEL));
  }

  /** A uniform number in [0, 1) from a hash of the row id, the seed and a stream number. */
  private static Column u(Column id, long seed, int stream) {
    return pmod(xxhash64(id, lit(seed), lit(stream)), lit((long) TWO_POW_53)).cast("double").divide(TWO_POW_53);
  }

  /** A standard normal number (Box-Muller over two hash streams). */
  private static Column normal(Column id, long seed, int stream) {
    Column u1 = u(id, seed, 1000 + stream).plus(1e-12);
    Column u2 = u(id, seed, 2000 + stream);
    return sqrt(log(u1).multiply(-2)).multiply(cos(u2.multiply(2 * Math.PI)));
  }

  /** {@code values[i]} for the first cumulative bound {@code u} is below; the last value otherwise. */
  private static Column pick(Column u, double[] bounds, String... values) {
    Column out = lit(values[values.length - 1]);
    for (int i = bounds.length - 1; i >= 0; i--) {
      out = when(u.lt(bounds[i]), values[i]).otherwise(out);
    }
    return out;
  }
}
