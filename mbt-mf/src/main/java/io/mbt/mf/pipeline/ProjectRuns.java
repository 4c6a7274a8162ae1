package io.mbt.mf.pipeline;

import static java.util.Objects.requireNonNull;

import io.mbt.mf.ledger.ArtifactFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.spark.sql.SparkSession;

/**
 * What running an MBT project's pipelines for the Model Factory takes: the session, the project and
 * its recipes, the artifact files, a local directory for the runner's run_results.json files, where
 * progress goes, and the clock.
 */
public record ProjectRuns(SparkSession spark, Path projectDir, CompiledRecipes recipes, ArtifactFiles files, Path resultsDir, PrintStream console,
    Clock clock) {
  public ProjectRuns {
    requireNonNull(spark, "spark is null");
    requireNonNull(projectDir, "projectDir is null");
    requireNonNull(recipes, "recipes is null");
    requireNonNull(files, "files is null");
    requireNonNull(resultsDir, "resultsDir is null");
    requireNonNull(console, "console is null");
    requireNonNull(clock, "clock is null");
  }
}
