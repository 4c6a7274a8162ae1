package io.mbt.steps.framework.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Small, easily learnt data sets with columns {@code id}, {@code label} and a dense {@code
 * features} vector of {@link #FEATURES}: {@code signal} drives the label, {@code helper} helps a
 * little, {@code noise_a} and {@code noise_b} are noise.
 */
final class SyntheticData {
  static final List<String> FEATURES = List.of("signal", "helper", "noise_a", "noise_b");

  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("label", DataTypes.DoubleType, false)
          .add("features", SQLDataTypes.VectorType(), false);

  private SyntheticData() {}

  /** Label 1 when {@code signal + 0.5 helper + noise > 0}. */
  static Dataset<Row> binary(SparkSession spark, int rows, long seed) {
    Random random = new Random(seed);
    List<Row> data = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      double[] x = features(random);
      double score = x[0] + 0.5 * x[1] + 0.3 * random.nextGaussian();
      data.add(row(i, score > 0 ? 1.0 : 0.0, x));
    }
    return spark.createDataFrame(data, SCHEMA);
  }

  /** Three classes cut from {@code signal + 0.3 helper + noise} at -0.6 and 0.6. */
  static Dataset<Row> multiclass(SparkSession spark, int rows, long seed) {
    Random random = new Random(seed);
    List<Row> data = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      double[] x = features(random);
      double score = x[0] + 0.3 * x[1] + 0.2 * random.nextGaussian();
      data.add(row(i, score < -0.6 ? 0.0 : score < 0.6 ? 1.0 : 2.0, x));
    }
    return spark.createDataFrame(data, SCHEMA);
  }

  /** {@code 3 signal + helper + noise}. */
  static Dataset<Row> regression(SparkSession spark, int rows, long seed) {
    Random random = new Random(seed);
    List<Row> data = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      double[] x = features(random);
      data.add(row(i, 3 * x[0] + x[1] + 0.3 * random.nextGaussian(), x));
    }
    return spark.createDataFrame(data, SCHEMA);
  }

  private static double[] features(Random random) {
    double[] x = new double[FEATURES.size()];
    for (int j = 0; j < x.length; j++) {
      x[j] = random.nextGaussian();
    }
    return x;
  }

  private static Row row(long id, double label, double[] x) {
    return RowFactory.create(id, label, Vectors.dense(x));
  }
}
