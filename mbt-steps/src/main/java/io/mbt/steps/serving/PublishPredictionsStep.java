package io.mbt.steps.serving;

import io.mbt.compiler.model.ProblemType;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.evaluation.PredictionColumns;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.output.OutputTarget;
import io.mbt.steps.output.OutputWriter;
import io.mbt.steps.output.OutputWriters;
import io.mbt.steps.output.WrittenOutput;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code publish_predictions}: shapes the predictions as {@code serving.output} names them and
 * writes them through the output writer of {@code destination}. Columns: {@code include_columns},
 * then the prediction (binary: the positive-class probability; multiclass: the probability of the
 * predicted class; regression: the value), the label for classifiers (the class name), {@code
 * run_id} (the registry run that scored), {@code mbt_run_id} and {@code execution_date}. A rerun
 * for the same execution_date replaces that date's rows ({@link OutputWriter}).
 */
public final class PublishPredictionsStep implements Step {
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:");

  /** The step's config: {@code serving.output} plus the problem type. */
  record Config(
      String destination,
      Optional<String> table,
      Optional<String> path,
      Columns columns,
      List<String> includeColumns,
      List<String> partitionBy,
      ProblemType problemType) {
    Config {
      table = table == null ? Optional.empty() : table;
      path = path == null ? Optional.empty() : path;
      includeColumns = includeColumns == null ? List.of() : List.copyOf(includeColumns);
      partitionBy = partitionBy == null ? List.of() : List.copyOf(partitionBy);
    }
  }

  /** {@code serving.output.columns}. */
  record Columns(String prediction, Optional<String> label, double threshold) {
    Columns {
      label = label == null ? Optional.empty() : label;
    }
  }

  @Override
  public void run(StepContext ctx) {
    Config cfg = ctx.config(Config.class);
    ServedModel served = ctx.json("load_model.training_schema", ServedModel.class);
    OutputWriter writer;
    try {
      writer = OutputWriters.get(cfg.destination());
    } catch (IllegalArgumentException e) {
      throw new StepFailedException(e.getMessage(), "fix serving.output.destination", e);
    }
    Dataset<Row> predictions = ctx.table("predict.predictions");
    Dataset<Row> shaped = shape(predictions, cfg, served, ctx.runId(), ctx.executionDate());
    OutputTarget target = new OutputTarget(cfg.path().map(p -> resolve(p, ctx.projectDir())), cfg.table(), ctx.executionDate(),
        cfg.partitionBy());
    WrittenOutput written = writer.write(ctx.spark(), shaped, target);
    String location = written.location();
    long rows = written.rows();
    if (rows == 0) {
      ctx.log().warn("no_rows_scored", Map.of("scoring_table", String.valueOf(ctx.manifest().step("load_scoring_data").config()
          .getOrDefault("scoring_table", "")), "execution_date", ctx.executionDate().toString()));
    }
    Map<String, Object> published = new LinkedHashMap<>();
    published.put("destination", cfg.destination());
    published.put("location", location);
    published.put("execution_date", ctx.executionDate().toString());
    published.put("run_id", served.runId());
    published.put("rows", rows);
    ctx.putJson("published", published);
    ctx.record("destination", cfg.destination());
    ctx.record("location", location);
    ctx.record("rows_written", rows);
    ctx.log().info("predictions_published", published);
  }

  static Dataset<Row> shape(Dataset<Row> predictions, Config cfg, ServedModel served, String mbtRunId, java.time.LocalDate executionDate) {
    Set<String> present = new LinkedHashSet<>(List.of(predictions.columns()));
    List<String> missing = cfg.includeColumns().stream().filter(c -> !present.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new StepFailedException("serving.output.include_columns names " + missing + ", which the scoring data does not have; it has "
          + present, "fix include_columns (columns of the scoring table pass through)");
    }
    LabelInfo label = served.label();
    List<Column> columns = new ArrayList<>();
    cfg.includeColumns().forEach(c -> columns.add(functions.col("`" + c.replace("`", "``") + "`")));
    Column prediction = functions.col(PredictionColumns.PREDICTION);
    if (label.problemType() == ProblemType.BINARY_CLASSIFICATION) {
      columns.add(functions.col(PredictionColumns.PROBABILITY_POSITIVE).as(cfg.columns().prediction()));
    } else if (label.problemType().isClassification()) {
      columns.add(functions.element_at(functions.col(PredictionColumns.PROBABILITY), prediction.cast("int").plus(1)).as(cfg.columns().prediction()));
    } else {
      columns.add(prediction.as(cfg.columns().prediction()));
    }
    if (label.problemType().isClassification() && cfg.columns().label().isPresent()) {
      Column classes = functions.array(label.classes().stream().map(functions::lit).toArray(Column[]::new));
      columns.add(functions.element_at(classes, prediction.cast("int").plus(1)).as(cfg.columns().label().get()));
    }
    columns.add(functions.lit(served.runId()).as("run_id"));
    columns.add(functions.lit(mbtRunId).as("mbt_run_id"));
    columns.add(functions.lit(Date.valueOf(executionDate)).as(OutputTarget.DATE_COLUMN));
    Dataset<Row> shaped = predictions.select(columns.toArray(Column[]::new));
    List<String> unknownPartitions = cfg.partitionBy().stream().filter(c -> !List.of(shaped.columns()).contains(c)).toList();
    if (!unknownPartitions.isEmpty()) {
      throw new StepFailedException("serving.output.partition_by names " + unknownPartitions + ", which are not output columns "
          + List.of(shaped.columns()), "partition by an output column (add it to include_columns)");
    }
    return shaped;
  }

  /** A URI with a scheme as is; a path resolved against the project directory. */
  static String resolve(String path, Path projectDir) {
    if (SCHEME.matcher(path).lookingAt()) {
      return path;
    }
    return projectDir.toAbsolutePath().resolve(path).normalize().toUri().toString();
  }
}
