package io.mbt.steps.framework.automl;

import static io.mbt.steps.framework.automl.Dimension.integers;
import static io.mbt.steps.framework.automl.Dimension.logUniform;
import static io.mbt.steps.framework.automl.Dimension.uniform;
import static io.mbt.steps.framework.automl.SearchSpace.params;

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
 * Small, easily learnt data sets (columns {@code label} and a dense 4-element {@code features}
 * vector, the first driving the label) and a search space of few, shallow trees, so that searches
 * take seconds.
 */
final class TestData {
  private static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType, false)
      .add("features", SQLDataTypes.VectorType(), false);

  private TestData() {}

  /** Label 1 when {@code x0 + 0.5 x1 + noise > 0.3}: about 40% positives. */
  static Dataset<Row> binary(SparkSession spark, int rows, long seed) {
    Random random = new Random(seed);
    List<Row> data = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      double[] x = features(random);
      double score = x[0] + 0.5 * x[1] + 0.3 * random.nextGaussian();
      data.add(RowFactory.create(score > 0.3 ? 1.0 : 0.0, Vectors.dense(x)));
    }
    return spark.createDataFrame(data, SCHEMA);
  }

  /** Three classes cut from {@code x0 + 0.3 x1 + noise} at -0.6 and 0.6. */
  static Dataset<Row> multiclass(SparkSession spark, int rows, long seed) {
    Random random = new Random(seed);
    List<Row> data = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      double[] x = features(random);
      double score = x[0] + 0.3 * x[1] + 0.2 * random.nextGaussian();
      data.add(RowFactory.create(score < -0.6 ? 0.0 : score < 0.6 ? 1.0 : 2.0, Vectors.dense(x)));
    }
    return spark.createDataFrame(data, SCHEMA);
  }

  /** {@code 3 x0 + x1 + noise}. */
  static Dataset<Row> regression(SparkSession spark, int rows, long seed) {
    Random random = new Random(seed);
    List<Row> data = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      double[] x = features(random);
      data.add(RowFactory.create(3 * x[0] + x[1] + 0.3 * random.nextGaussian(), Vectors.dense(x)));
    }
    return spark.createDataFrame(data, SCHEMA);
  }

  /** The standard families with few, shallow trees. */
  static SearchSpace smallSpace() {
    return new SearchSpace(List.of(
        new FamilySpace(Family.XGBOOST, params("nthread", 1),
            params("n_estimators", 15, "max_depth", 3, "learning_rate", 0.3),
            List.of(integers("n_estimators", 5, 20), integers("max_depth", 2, 4),
                logUniform("learning_rate", 0.1, 0.5))),
        new FamilySpace(Family.GBT, params(),
            params("max_iter", 3, "max_depth", 3, "step_size", 0.3),
            List.of(integers("max_iter", 2, 4), integers("max_depth", 2, 4),
                uniform("step_size", 0.1, 0.3))),
        new FamilySpace(Family.RANDOM_FOREST, params(),
            params("num_trees", 10, "max_depth", 5),
            List.of(integers("num_trees", 5, 15), integers("max_depth", 3, 6))),
        linear(Family.LOGISTIC_REGRESSION),
        linear(Family.LINEAR_REGRESSION)));
  }

  static FamilySpace linear(Family family) {
    return new FamilySpace(family, params("max_iter", 15),
        params("reg_param", 0.001, "elastic_net_param", 0.0),
        List.of(logUniform("reg_param", 1e-4, 0.1), uniform("elastic_net_param", 0.0, 1.0)));
  }

  private static double[] features(Random random) {
    double[] x = new double[4];
    for (int j = 0; j < x.length; j++) {
      x[j] = random.nextGaussian();
    }
    return x;
  }
}
