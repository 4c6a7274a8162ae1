package io.mbt.steps.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small synthetic churn data set: honest features (tenure, monthly, contract, total), a label
 * that depends on the contract, two leaky features (status, refund: set after the customer left)
 * and an ignored column (email, half null). Deterministic for a seed.
 */
final class ChurnData {
  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType)
      .add("tenure", DataTypes.IntegerType)
      .add("monthly", DataTypes.DoubleType)
      .add("contract", DataTypes.StringType)
      .add("total", DataTypes.DoubleType)
      .add("status", DataTypes.StringType)
      .add("refund", DataTypes.DoubleType)
      .add("email", DataTypes.StringType)
      .add("churned", DataTypes.StringType);

  private ChurnData() {}

  /** {@code rows} customers; {@code monthlyShift} moves the monthly charges (for drift). */
  static Dataset<Row> generate(SparkSession spark, int rows, long seed, double monthlyShift) {
    Random random = new Random(seed);
    List<Row> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      int tenure = random.nextInt(73);
      double monthly = 20 + random.nextDouble() * 100 + monthlyShift;
      double c = random.nextDouble();
      String contract = c < 0.5 ? "Month-to-month" : c < 0.8 ? "One year" : "Two year";
      double churnRate = contract.equals("Month-to-month") ? 0.4 : contract.equals("One year") ? 0.1 : 0.05;
      boolean churned = random.nextDouble() < churnRate;
      Double total = random.nextDouble() < 0.02 ? null : tenure * monthly;
      boolean flip = random.nextDouble() < 0.01;
      String status = churned != flip ? "closed" : "open";
      double refund = (churned ? 50 : 0) + random.nextDouble() * 10;
      String email = random.nextBoolean() ? null : "c" + i + "@example.com";
      out.add(RowFactory.create(i, tenure, monthly, contract, total, status, refund, email, churned ? "Yes" : "No"));
    }
    return spark.createDataFrame(out, SCHEMA);
  }
}
