package io.mbt.steps.serving;

import io.mbt.steps.api.DerivingStep;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code apply_transforms}: checks the scoring data against the run's training schema (before any
 * Spark job), then replays the fitted transforms exactly as training fitted them — the same
 * PipelineModel, so there is no second implementation of the preprocessing to drift. {@code
 * features} is a derived table: rebuilt on read, never written.
 */
public final class ApplyTransformsStep implements DerivingStep {
  @Override
  public void run(StepContext ctx) {
    ctx.putDerivedTable("features", derive(ctx, "features", Map.of()));
    ctx.record("transform_stages", ctx.pipelineModel("load_model.transforms").stages().length);
  }

  @Override
  public Dataset<Row> derive(StepContext ctx, String output, Map<String, Object> details) {
    ServedModel served = ctx.json("load_model.training_schema", ServedModel.class);
    Dataset<Row> scoring = ctx.table("load_scoring_data.scoring_data");
    Dataset<Row> conformed = ScoringSchema.conform(scoring, served.schema(), String.valueOf(ctx.manifest().step("load_scoring_data").config()
        .getOrDefault("scoring_table", "scoring_data")));
    PipelineModel transforms = ctx.pipelineModel("load_model.transforms");
    try {
      return transforms.transform(conformed);
    } catch (IllegalArgumentException e) {
      throw new StepFailedException("the training transforms of run " + served.runId() + " do not apply to the scoring data: " + e.getMessage(),
          "score data with the columns the model was trained on", e);
    }
  }
}
