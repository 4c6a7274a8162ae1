package io.mbt.steps.transform;

import io.mbt.steps.api.StepContext;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The shape every transform step shares: read {@code <prev>.train_set} and {@code <prev>.test_set}
 * (the step's two inputs, in that order), fit a PipelineModel on the train set only, write it as
 * {@code fitted}, and declare {@code train_set} and {@code test_set} as that model applied to the
 * inputs ({@link StepContext#putTransformedTable}): no data is written, readers rebuild them from
 * the saved model, so what later steps read is exactly what serving's replay of {@code fitted}
 * computes.
 */
public final class TransformIO {
  private TransformIO() {}

  /** The train and test sets a transform step reads, with their input references. */
  public record Inputs(String trainRef, String testRef, Dataset<Row> train, Dataset<Row> test) {}

  public static Inputs read(StepContext ctx) {
    List<String> inputs = ctx.step().inputs();
    if (inputs.size() < 2) {
      throw new IllegalStateException("step " + ctx.stepName() + " needs a train set and a test set as inputs, but the manifest gives "
          + inputs + " (recompile the pipeline with this mbt version)");
    }
    return new Inputs(inputs.get(0), inputs.get(1), ctx.table(inputs.get(0)), ctx.table(inputs.get(1)));
  }

  /**
   * Fits {@code stages} as one pipeline on the train set (transformers only: no Spark job). The train
   * set is deliberately not cached: each estimator's pass reads only the columns it needs, and
   * Spark prunes the earlier fitted transforms the pass does not use, while a cache would compute
   * and store every column of the view.
   */
  public static PipelineModel fit(List<? extends PipelineStage> stages, Dataset<Row> train) {
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(train);
  }

  /** Writes {@code fitted}, then declares the train and test sets as {@code fitted} applied to the inputs. */
  public static void write(StepContext ctx, Inputs inputs, PipelineModel fitted) {
    ctx.putPipelineModel("fitted", fitted);
    ctx.putTransformedTable("train_set", inputs.trainRef(), "fitted");
    ctx.putTransformedTable("test_set", inputs.testRef(), "fitted");
  }
}
