package io.mbt.steps.delta;

import io.mbt.steps.spark.SparkSessions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One appending process of {@link DeltaConcurrentAppendsTest}: {@code <tableUri> <workDirectory>
 * <writer> <appends> [sparkKey=value…]}. Starts an embedded local[1] session (its defaults, then the
 * given keys), warms up its Delta write path on a private table, prints {@code READY}, waits for a line on standard input, then makes {@code appends}
 * blind appends of one row each (id {@code writer * 1000 + i}), printing {@code APPENDED <i>}, and
 * {@code DONE}.
 */
public final class DeltaAppendMain {
  private DeltaAppendMain() {}

  public static void main(String[] args) throws Exception {
    String table = args[0];
    int writer = Integer.parseInt(args[2]);
    int appends = Integer.parseInt(args[3]);
    Map<String, String> conf = new HashMap<>(Map.of(
        "spark.master", "local[1]",
        "spark.app.name", "append-" + writer,
        "spark.sql.shuffle.partitions", "1",
        "spark.databricks.delta.snapshotPartitions", "1",
        "spark.ui.enabled", "false"));
    for (int i = 4; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      conf.put(pair[0], pair[1]);
    }
    SparkSession spark = SparkSessions.embedded(Path.of(args[1]), conf);
    // Warm up the write path on a private table, so that the race starts with every process quick.
    String scratch = Path.of(args[1]).resolve("warm-up").toUri().toString();
    for (int i = 0; i < 2; i++) {
      spark.range(1).selectExpr("id", "cast(-1 as int) as writer").write().format("delta").mode("append").save(scratch);
    }
    System.out.println("READY");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    in.readLine();
    System.err.println("GO at " + System.currentTimeMillis());
    for (int i = 0; i < appends; i++) {
      long id = writer * 1000L + i;
      spark.range(1).selectExpr("cast(" + id + " as bigint) as id", "cast(" + writer + " as int) as writer")
          .write().format("delta").mode("append").save(table);
      System.out.println("APPENDED " + i);
      System.err.println("APPENDED " + i + " at " + System.currentTimeMillis());
    }
    System.out.println("DONE");
    spark.stop();
  }
}
