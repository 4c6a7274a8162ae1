package io.mbt.driver;

import io.mbt.driver.cli.MbtCli;

/**
 * The spark-submit main class: {@code spark-submit --class io.mbt.driver.SparkDriverMain
 * mbt-spark-driver-spark.jar run --select churn_xgb_v1 --project-dir /path}. The same commands as
 * the {@code mbt} CLI; the SparkSession comes from spark-submit's configuration.
 */
public final class SparkDriverMain {
  private SparkDriverMain() {}

  public static void main(String[] args) {
    MbtCli.main(args);
  }
}
