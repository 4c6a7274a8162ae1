package io.mbt.steps.training;

import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.features.FeatureLayout;
import io.mbt.steps.features.FeatureNames;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.framework.FrameworkTrainer;
import io.mbt.steps.framework.TrainedModel;
import io.mbt.steps.framework.TrainingContext;
import io.mbt.steps.framework.automl.AutoMLModel;
import io.mbt.steps.model.ModelBundle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code train_model}: assembles the features (unless an earlier step did), fits the framework's
 * model on the train set, and stores it as a {@link ModelBundle} with its feature importance.
 */
public final class TrainModelStep implements Step {
  private final FrameworkTrainer trainer;

  public TrainModelStep(FrameworkTrainer trainer) {
    this.trainer = trainer;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void run(StepContext ctx) {
    List<String> inputs = ctx.step().inputs();
    Dataset<Row> train = ctx.table(inputs.get(0));
    LabelInfo label = ctx.json("split_data.label_info", LabelInfo.class);
    SchemaSpec schema = ctx.config("schema", SchemaSpec.class);
    ProblemType problemType = label.problemType();
    Map<String, Object> params = new LinkedHashMap<>((Map<String, Object>) ctx.config().getOrDefault("params", Map.of()));

    Optional<PipelineModel> assembler = Optional.empty();
    List<String> assemblerInputs = List.of(FeatureLayout.FEATURES);
    Dataset<Row> data = train;
    if (!List.of(train.columns()).contains(FeatureLayout.FEATURES)) {
      FeatureLayout layout = FeatureLayout.of(train.schema(), schema);
      assemblerInputs = layout.assemblerInputs(train.schema());
      List<PipelineStage> stages = new ArrayList<>();
      List<String> assembled = new ArrayList<>(assemblerInputs);
      // XGBoost treats missing values natively; MLlib models need them filled (median, fitted on train).
      List<String> raw = assemblerInputs.stream().filter(layout.numeric()::contains).toList();
      if (!trainer.name().equals("xgboost") && !raw.isEmpty()) {
        List<String> imputed = raw.stream().map(c -> c + "__imp").toList();
        stages.add(new Imputer().setStrategy("median").setInputCols(raw.toArray(String[]::new)).setOutputCols(imputed.toArray(String[]::new)));
        assembled = assembled.stream().map(c -> raw.contains(c) ? c + "__imp" : c).toList();
      }
      stages.add(new VectorAssembler().setInputCols(assembled.toArray(String[]::new)).setOutputCol(FeatureLayout.FEATURES).setHandleInvalid("keep"));
      Dataset<Row> numericCast = castNumericToDouble(train, raw);
      PipelineModel fitted = new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(numericCast);
      assembler = Optional.of(fitted);
      data = fitted.transform(numericCast);
    }
    data = data.filter(functions.col(LabelInfo.INDEX_COLUMN).isNotNull());
    long seed = params.get("seed") instanceof Number n ? n.longValue() : 42L;
    TrainingContext context = new TrainingContext(LabelInfo.INDEX_COLUMN, FeatureLayout.FEATURES, problemType, params, seed, label.numClasses());
    ctx.log().info("training", Map.of("framework", trainer.name(), "features", assemblerInputs.size()));
    TrainedModel model;
    try {
      model = trainer.train(data, context);
    } catch (IllegalArgumentException e) {
      throw new StepFailedException(e.getMessage(), "fix training.model_training.config", e);
    } catch (IllegalStateException e) {
      // e.g. AutoML when every candidate failed: the message lists each failure
      throw new StepFailedException(e.getMessage(), "check the data and training.model_training.config; see the step log", e);
    }
    List<String> featureNames = FeatureNames.of(data, FeatureLayout.FEATURES, schema);
    Map<String, Double> importance = model.featureImportance(featureNames);
    ModelBundle bundle = new ModelBundle(new ModelBundle.Descriptor(trainer.name(), assemblerInputs, featureNames, label, assembler.isPresent()),
        assembler, model);
    ctx.putModel("model", bundle, ModelBundle.class, uri -> bundle.save(uri, ctx.spark().sparkContext().hadoopConfiguration()));

    Map<String, Double> top = new LinkedHashMap<>();
    importance.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(25)
        .forEach(e -> top.put(e.getKey(), Math.round(e.getValue() * 1e6) / 1e6));
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("framework", trainer.name());
    metrics.put("num_features", featureNames.size());
    metrics.put("params", params);
    metrics.put("feature_importance", importance);
    if (model instanceof AutoMLModel automl) {
      metrics.put("leaderboard", automl.leaderboard().toMap());
      ctx.record("automl_leader", automl.leaderboard().leader().modelId());
    }
    ctx.putJson("train_metrics", metrics);
    ctx.record("framework", trainer.name());
    ctx.record("num_features", featureNames.size());
    ctx.record("top_features", new ArrayList<>(top.keySet()).subList(0, Math.min(5, top.size())));
  }

  /** Imputer needs double/float input columns. */
  static Dataset<Row> castNumericToDouble(Dataset<Row> data, List<String> columns) {
    Dataset<Row> out = data;
    for (String c : columns) {
      out = out.withColumn(c, functions.col(c).cast("double"));
    }
    return out;
  }
}
