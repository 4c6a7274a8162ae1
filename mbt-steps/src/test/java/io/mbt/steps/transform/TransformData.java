package io.mbt.steps.transform;

import io.mbt.compiler.model.SchemaSpec;
import io.mbt.steps.features.LabelInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Generated churn-like rows as split_data leaves them (with {@code __label}): {@code id}; text
 * categoricals {@code plan} (basic 50%, plus 30%, pro 15%, missing 5%) and {@code region} (north
 * 40%, south 30%, east 20%, west 7%, islands 3%); a numeric categorical {@code season} (1–4);
 * numeric {@code tenure} (int 0–71), {@code charges} (20–120 plus {@code shift}, 3% missing),
 * {@code flag} (boolean), {@code noise}, {@code constant} (1.0) and {@code charges_copy} (2 ×
 * charges plus a little noise). {@code label} is "Yes" when {@code -0.06 tenure + 0.04 charges
 * + 1.5 (basic) - 1.5 (pro) + noise > 1.2}.
 */
public final class TransformData {
  public static final List<String> NUMERIC = List.of("tenure", "charges", "flag", "noise", "constant", "charges_copy");
  public static final List<String> CATEGORICAL = List.of("plan", "region", "season");

  private TransformData() {}

  public static Dataset<Row> rows(SparkSession spark, int rows, long seed, double shift) {
    Dataset<Row> u = spark.range(rows).selectExpr("id",
        "rand(" + (seed * 100 + 1) + ") AS u1", "rand(" + (seed * 100 + 2) + ") AS u2", "rand(" + (seed * 100 + 3) + ") AS u3",
        "rand(" + (seed * 100 + 4) + ") AS u4", "rand(" + (seed * 100 + 5) + ") AS u5", "rand(" + (seed * 100 + 6) + ") AS u6",
        "rand(" + (seed * 100 + 7) + ") AS u7", "randn(" + (seed * 100 + 8) + ") AS n1", "randn(" + (seed * 100 + 9) + ") AS n2",
        "randn(" + (seed * 100 + 10) + ") AS n3");
    Dataset<Row> features = u.selectExpr("id",
        "CASE WHEN u1 < 0.5 THEN 'basic' WHEN u1 < 0.8 THEN 'plus' WHEN u1 < 0.95 THEN 'pro' END AS plan",
        "CASE WHEN u2 < 0.4 THEN 'north' WHEN u2 < 0.7 THEN 'south' WHEN u2 < 0.9 THEN 'east' WHEN u2 < 0.97 THEN 'west' ELSE 'islands' END AS region",
        "CAST(1 + floor(u7 * 4) AS INT) AS season",
        "CAST(floor(u3 * 72) AS INT) AS tenure",
        "CASE WHEN u4 < 0.03 THEN NULL ELSE 20 + u5 * 100 + " + shift + " END AS charges",
        "u6 < 0.5 AS flag",
        "n1 AS noise",
        "1.0D AS constant",
        "n2 AS n2", "n3 AS n3");
    return features.selectExpr("id", "plan", "region", "season", "tenure", "charges", "flag", "noise", "constant",
        "2 * charges + 0.01 * n2 AS charges_copy",
        "CASE WHEN -0.06 * tenure + 0.04 * coalesce(charges, 70) + CASE plan WHEN 'basic' THEN 1.5 WHEN 'pro' THEN -1.5 ELSE 0 END"
            + " + 0.8 * n3 > 1.2 THEN 'Yes' ELSE 'No' END AS label")
        .selectExpr("*", "CASE label WHEN 'Yes' THEN 1.0D ELSE 0.0D END AS " + LabelInfo.INDEX_COLUMN);
  }

  /** The training.schema of these rows: label {@code label}, key {@code id}, {@code season} declared categorical. */
  public static SchemaSpec schema() {
    return schema(List.of());
  }

  public static SchemaSpec schema(List<String> ignored) {
    return new SchemaSpec(new SchemaSpec.Target("label", List.of("No", "Yes"), Optional.of("Yes")),
        new SchemaSpec.Identifiers(List.of("id"), Optional.empty()), ignored, List.of(), List.of("season"), Map.of());
  }

  /** The label mapping split_data would write for these rows. */
  public static LabelInfo labelInfo() {
    return new LabelInfo("label", io.mbt.compiler.model.ProblemType.BINARY_CLASSIFICATION, List.of("No", "Yes"), "Yes");
  }
}
