package io.mbt.steps.runner;

import java.util.Arrays;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Labels the Spark jobs of the step being run, and stops them when the run is cancelled. Each step
 * runs in the job group {@code <pipeline>/<step>} (what the Spark UI and the benchmarks group jobs
 * by) and under a job tag {@code mbt:<run id>:<step>}. Cancelling cancels the jobs with that tag,
 * not the group: another run of the same pipeline on the same SparkContext shares the group's name.
 * A job the step starts after the cancel is cancelled as it starts (Spark cancels only the jobs
 * running at the time), so a step of many short jobs stops too.
 */
final class StepJobs implements AutoCloseable {
  /** The local property Spark keeps a job's tags in, comma-separated ({@code SparkContext.SPARK_JOB_TAGS}, private to Spark). */
  private static final String JOB_TAGS = "spark.job.tags";

  private final SparkContext spark;
  private final String pipeline;
  private final String runId;
  private final RunCancellation cancellation;
  private final SparkListener lateJobs = new SparkListener() {
    @Override
    public void onJobStart(SparkListenerJobStart start) {
      String tag = cancelledTag;
      String tags = start.properties() == null ? null : start.properties().getProperty(JOB_TAGS);
      if (tag != null && tags != null && Arrays.asList(tags.split(",")).contains(tag)) {
        spark.cancelJob(start.jobId(), "mbt run " + runId + " was cancelled");
      }
    }
  };
  private volatile String cancelledTag;

  StepJobs(SparkContext spark, String pipeline, String runId, RunCancellation cancellation) {
    this.spark = spark;
    this.pipeline = pipeline;
    this.runId = runId;
    this.cancellation = cancellation;
    spark.addSparkListener(lateJobs);
  }

  /** The calling thread's jobs are now {@code step}'s; a cancel from now on stops them. */
  void enter(String step) {
    spark.setJobGroup(pipeline + "/" + step, "mbt " + pipeline + " step " + step, false);
    String tag = tag(step);
    spark.addJobTag(tag);
    cancellation.whileStepRuns(() -> {
      cancelledTag = tag;
      spark.cancelJobsWithTag(tag);
    });
  }

  /** {@code step} ended on the calling thread. */
  void exit(String step) {
    cancellation.stepEnded();
    spark.removeJobTag(tag(step));
    spark.clearJobGroup();
  }

  private String tag(String step) {
    return "mbt:" + runId + ":" + step;
  }

  @Override
  public void close() {
    spark.removeSparkListener(lateJobs);
  }
}
