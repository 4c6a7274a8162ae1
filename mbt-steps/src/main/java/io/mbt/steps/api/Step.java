package io.mbt.steps.api;

/**
 * One step of a pipeline: reads its inputs from the {@link StepContext}, does Spark work, and
 * writes every output the manifest declares through the context. A step never creates a
 * SparkSession and keeps no state between runs; the runner owns persistence, retries and results.
 */
public interface Step {
  void run(StepContext context) throws Exception;
}
