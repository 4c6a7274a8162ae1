package io.mbt.compiler.validate;

import static io.mbt.compiler.validate.Shapes.bool;
import static io.mbt.compiler.validate.Shapes.listOf;
import static io.mbt.compiler.validate.Shapes.mapOf;
import static io.mbt.compiler.validate.Shapes.number;
import static io.mbt.compiler.validate.Shapes.object;
import static io.mbt.compiler.validate.Shapes.string;

import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.model.CustomStepSpec;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.Resources;
import io.mbt.compiler.model.ServingSpec;
import io.mbt.compiler.model.Window;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code serving:} section of the v1 schema. */
final class ServingSchema {
  private ServingSchema() {}

  static Shape<ServingSpec> shape(ProblemType problemType) {
    return object("the serving section", f -> {
      ServingSpec.ModelSource source = f.required("model_source", modelSource());
      ServingSpec.ScoringSource data = f.required("data_source", scoringSource());
      ServingSpec.Output output = f.required("output", output(problemType));
      List<CustomStepSpec> customSteps = f.optional("custom_steps", listOf(CommonShapes.customStep()), List.of());
      Map<String, Resources> stepResources = f.optional("step_resources", mapOf(CommonShapes.resources()), Map.of());
      return source == null || data == null || output == null ? null : new ServingSpec(source, data, output, customSteps, stepResources);
    });
  }

  static Shape<ServingSpec.ModelSource> modelSource() {
    return object("the model_source section", f -> {
      Optional<String> registry = f.optional("registry", Shapes.identifier());
      Optional<String> runId = f.optional("run_id", string());
      Optional<String> alias = f.optional("alias", Shapes.identifier());
      boolean snapshot = f.optional("artifact_snapshot", bool(), false);
      Optional<String> fallback = f.optional("fallback_run_id", string());
      f.check(f.has("run_id") ^ f.has("alias"), f.has("alias") ? "alias" : "run_id",
          f.has("run_id") ? ErrorCode.CONFLICTING_KEYS : ErrorCode.MISSING_REQUIRED,
          f.has("run_id") ? "model_source takes either run_id or alias, not both" : "model_source needs a run_id or an alias",
          "write 'run_id: \"{{ var('run_id') }}\"' to pass it at run time, or 'alias: champion' to follow the registry's alias");
      f.check(fallback.isEmpty() || !fallback.equals(runId), "fallback_run_id", ErrorCode.INVALID_VALUE,
          "fallback_run_id is the same as run_id, so it cannot help when that run is unavailable", "name a different, known-good run");
      return new ServingSpec.ModelSource(registry, runId, alias, snapshot, fallback);
    });
  }

  static Shape<ServingSpec.ScoringSource> scoringSource() {
    return object("the serving data_source section", f -> {
      String table = f.required("scoring_table", string());
      Optional<String> partitionKey = f.optional("partition_key", string());
      Optional<Window> lookback = f.optional("data_windows", object("data_windows", w ->
          w.required("lookback_window", TrainingSchema.windowShape(false, false))));
      f.check(lookback.isEmpty() || partitionKey.isPresent(), "data_windows", ErrorCode.MISSING_REQUIRED,
          "data_windows.lookback_window needs partition_key: the date column to filter on",
          "add 'partition_key: <date column>' under serving.data_source, or remove data_windows to score every row");
      return table == null ? null : new ServingSpec.ScoringSource(table, partitionKey, lookback);
    });
  }

  static Shape<ServingSpec.Output> output(ProblemType problemType) {
    return object("the output section", f -> {
      String destination = f.optional("destination", Shapes.identifier(), "delta");
      Optional<String> table = f.optional("table", string());
      Optional<String> path = f.optional("path", string());
      f.check(table.isPresent() ^ path.isPresent(), table.isPresent() ? "path" : "table",
          table.isPresent() ? ErrorCode.CONFLICTING_KEYS : ErrorCode.MISSING_REQUIRED,
          table.isPresent() ? "output takes either table or path, not both" : "output needs a table (catalog name) or a path",
          "write 'table: ml_predictions.churn_scores' or 'path: predictions/churn_scores'");
      ServingSpec.OutputColumns columns = f.optionalOrElse("columns", object("output columns", c -> {
        String prediction = c.optional("prediction", string(), "prediction");
        Optional<String> label = c.optional("label", string());
        Double threshold = c.optional("threshold", number(0.0, 1.0), 0.5);
        if (problemType == ProblemType.REGRESSION) {
          c.check(!c.has("label") && !c.has("threshold"), c.has("label") ? "label" : "threshold", ErrorCode.INVALID_VALUE,
              "label and threshold apply to classification; this pipeline is regression", "remove them");
        }
        return threshold == null ? null : new ServingSpec.OutputColumns(prediction, label, threshold);
      }), () -> new ServingSpec.OutputColumns("prediction", Optional.empty(), 0.5));
      List<String> include = f.optional("include_columns", listOf(string()), List.of());
      List<String> partitionBy = f.optional("partition_by", listOf(string()), List.of());
      return destination == null || columns == null ? null : new ServingSpec.Output(destination, table, path, columns, include, partitionBy);
    });
  }
}
