package io.mbt.steps.runner;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Rebuilds a derived table ({@code <step>.<output>}) of the current run through its producing step. */
@FunctionalInterface
interface Derivations {
  Dataset<Row> derive(String ref);
}
