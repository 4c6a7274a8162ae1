package io.mbt.steps.output;

import io.mbt.steps.api.StepFailedException;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Plain files ({@code parquet}, {@code csv}) at a path, laid out Hive-style as {@code
 * <path>/execution_date=YYYY-MM-DD/} so readers get the date back as a column. A write goes to a
 * temporary directory first; then the date's old directory is moved aside and the new one renamed
 * into place, so a failed write leaves the old predictions and a rerun never duplicates rows.
 */
abstract class FileOutputWriter implements OutputWriter {

  /** Spark's format name and its writer options. */
  abstract void save(Dataset<Row> rows, String uri, String[] partitionBy);

  @Override
  public WrittenOutput write(SparkSession spark, Dataset<Row> predictions, OutputTarget target) {
    if (target.path().isEmpty()) {
      throw new StepFailedException("destination " + name() + " writes files and needs serving.output.path, but names a table ("
          + target.table().orElse("") + ")", "set serving.output.path, or use destination: delta for a catalog table");
    }
    Path root = new Path(target.path().get());
    Path partition = new Path(root, OutputTarget.DATE_COLUMN + "=" + target.executionDate());
    Path tmp = new Path(root, "_tmp-" + UUID.randomUUID());
    Path old = new Path(root, "_old-" + UUID.randomUUID());
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try {
        save(predictions.drop(OutputTarget.DATE_COLUMN), tmp.toString(), target.partitionBy().toArray(String[]::new));
        boolean hadOld = fs.exists(partition);
        if (hadOld && !fs.rename(partition, old)) {
          throw new IOException("cannot move " + partition + " aside");
        }
        if (!fs.rename(tmp, partition)) {
          if (hadOld) {
            fs.rename(old, partition);
          }
          throw new IOException("cannot move " + tmp + " to " + partition);
        }
        fs.delete(old, true);
      } finally {
        fs.delete(tmp, true);
      }
    } catch (IOException e) {
      throw new StepFailedException("writing predictions to " + partition + " failed: " + e.getMessage(),
          "check that serving.output.path is writable", e);
    }
    return new WrittenOutput(partition.toString(), countWritten(spark, partition.toString()));
  }

  /** Rows in the files just written (Parquet answers from its footers; CSV is read once more). */
  abstract long countWritten(SparkSession spark, String uri);
}
