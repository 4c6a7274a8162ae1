package io.mbt.steps.framework.automl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.rand;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Assigns each row a cross-validation fold, in one pass without a shuffle: every partition is
 * ordered by (label, seeded random number) and its rows are dealt to the folds in turn, so each
 * class is spread evenly over the folds within every partition (classification), or the folds are
 * a balanced random partition (regression). The same data in the same partitions and the same seed
 * give the same folds.
 */
final class Folds {
  /** The fold column: an int in {@code [0, nfolds)}. */
  static final String COLUMN = "__automl_fold";
  private static final String RANDOM = "__automl_random";

  private Folds() {}

  static Dataset<Row> assign(
      Dataset<Row> data, String labelColumn, boolean stratified, int nfolds, long seed) {
    Dataset<Row> shuffled = data.withColumn(RANDOM, rand(seed));
    Dataset<Row> ordered = stratified
        ? shuffled.sortWithinPartitions(col(labelColumn), col(RANDOM))
        : shuffled.sortWithinPartitions(col(RANDOM));
    // The id counts rows within a partition in the order just set, so consecutive rows of a class
    // land in consecutive folds.
    Column fold = pmod(monotonically_increasing_id(), lit((long) nfolds)).cast("int");
    return ordered.withColumn(COLUMN, fold).drop(RANDOM);
  }

  /** The rows of {@code fold}. */
  static Column in(int fold) {
    return col(COLUMN).equalTo(fold);
  }

  /** The rows of every other fold. */
  static Column outside(int fold) {
    return col(COLUMN).notEqual(fold);
  }
}
