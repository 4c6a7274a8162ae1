package io.mbt.steps.serving;

import io.mbt.steps.api.DerivingStep;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.evaluation.PredictionColumns;
import io.mbt.steps.features.FeatureLayout;
import io.mbt.steps.model.ModelBundle;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code predict}: the run's model on the transformed scoring data. The prediction columns are the
 * ones evaluation writes ({@link PredictionColumns}), so serving and training predictions compare
 * column for column; every raw column passes through for the output's {@code include_columns}.
 * {@code predictions} is a derived table: the data is scored once, when publish_predictions writes it.
 */
public final class PredictStep implements DerivingStep {
  @Override
  public void run(StepContext ctx) {
    ctx.putDerivedTable("predictions", derive(ctx, "predictions", Map.of()));
    ctx.record("model_run_id", ctx.json("load_model.training_schema", ServedModel.class).runId());
  }

  @Override
  public Dataset<Row> derive(StepContext ctx, String output, Map<String, Object> details) {
    ServedModel served = ctx.json("load_model.training_schema", ServedModel.class);
    double threshold = ctx.config().get("threshold") instanceof Number n ? n.doubleValue() : 0.5;
    ModelBundle bundle = ctx.loadOnce("load_model.model", ModelBundle.class, uri -> ModelBundle.load(ctx.spark(), uri));
    Dataset<Row> features = ctx.table("apply_transforms.features");
    List<String> passThrough = Arrays.stream(features.columns()).filter(c -> !FeatureLayout.isInternal(c)).toList();
    return PredictionColumns.standardize(bundle.transform(features), served.label(), threshold, passThrough);
  }
}
