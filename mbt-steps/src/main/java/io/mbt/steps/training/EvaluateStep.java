package io.mbt.steps.training;

import io.mbt.compiler.model.EvaluationSpec;
import io.mbt.compiler.model.Metrics;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.evaluation.CustomMetric;
import io.mbt.steps.evaluation.CustomMetrics;
import io.mbt.steps.evaluation.EvaluationReport;
import io.mbt.steps.evaluation.EvaluationRequest;
import io.mbt.steps.evaluation.Evaluator;
import io.mbt.steps.evaluation.PredictionColumns;
import io.mbt.steps.features.FeatureLayout;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.model.ModelBundle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code evaluate}: scores the test set with the trained model bundle and writes
 *
 * <ul>
 *   <li>{@code predictions}: the test rows' key and raw input columns, the label, {@code __label}
 *       and the {@link PredictionColumns} — what a train/serve parity check compares against;
 *   <li>{@code eval_metrics}: every metric of the problem type, custom metrics, the confusion
 *       matrix / calibration bins and the top feature importances;
 *   <li>{@code plots}: PNG charts (empty when {@code generate_plots} is off).
 * </ul>
 *
 * The scored test set is cached once: it feeds the predictions table, the metrics and the plots.
 * The configured metrics (primary, additional and custom) go to run results under {@code metrics}.
 */
public final class EvaluateStep implements Step {
  static final int TOP_FEATURES = 20;

  @Override
  public void run(StepContext ctx) {
    EvaluationSpec spec = ctx.config(EvaluationSpec.class);
    SchemaSpec schema = ctx.config("schema", SchemaSpec.class);
    List<String> inputs = ctx.step().inputs();
    String testRef = inputs.stream().filter(i -> i.endsWith(".test_set")).findFirst()
        .orElseThrow(() -> new IllegalStateException("step " + ctx.stepName() + " has no test_set input; inputs: " + inputs));
    // Configuration problems surface before the model is loaded.
    Optional<LabelInfo> labelInfo = inputs.contains("split_data.label_info")
        ? Optional.of(ctx.json("split_data.label_info", LabelInfo.class))
        : Optional.empty();
    labelInfo.ifPresent(l -> checkProblemType(ctx, l));
    List<CustomMetric> customMetrics = CustomMetrics.load(spec.customMetrics());
    List<String> configured = configuredMetrics(spec, customMetrics.stream().map(CustomMetric::name).toList());
    labelInfo.ifPresent(l -> checkMetrics(l, configured, customMetrics));
    ModelBundle bundle = ctx.loadOnce("train_model.model", ModelBundle.class, uri -> ModelBundle.load(ctx.spark(), uri));
    LabelInfo label = labelInfo.orElse(bundle.descriptor().label());
    if (labelInfo.isEmpty()) {
      checkProblemType(ctx, label);
      checkMetrics(label, configured, customMetrics);
    }
    Map<String, Double> importance = importance(ctx, bundle);

    Dataset<Row> test = ctx.table(testRef);
    if (!List.of(test.columns()).contains(LabelInfo.INDEX_COLUMN)) {
      test = test.withColumn(LabelInfo.INDEX_COLUMN, label.indexExpression());
    }
    // Rows whose label is missing or not a known class cannot be scored against anything.
    test = test.filter(functions.col(LabelInfo.INDEX_COLUMN).isNotNull());
    List<String> passThrough = passThroughColumns(test, schema, label);
    Dataset<Row> scored = PredictionColumns.standardize(bundle.transform(test), label, spec.threshold(), passThrough)
        .persist(StorageLevel.MEMORY_AND_DISK());
    EvaluationReport report;
    try {
      // The table write is the first action: it fills the cache the metrics then read.
      ctx.putTable("predictions", scored);
      report = Evaluator.evaluate(scored, new EvaluationRequest(label, spec.threshold(), spec.generatePlots(), importance, customMetrics));
    } finally {
      scored.unpersist(false);
    }

    ctx.putJson("eval_metrics", document(spec, label, report, importance));
    ctx.putFiles("plots", report.plots());
    if (!report.undefinedMetrics().isEmpty()) {
      ctx.log().warn("undefined_metrics", Map.of("metrics", report.undefinedMetrics(),
          "reason", "the test set lacks a class (or the label has no variance), so these are left out of the metrics"));
    }
    if (!report.plotFailures().isEmpty()) {
      ctx.log().warn("plots_failed", Map.of("plots", report.plotFailures()));
      ctx.record("plot_failures", report.plotFailures());
    }
    ctx.record("metrics", report.select(configured));
    ctx.record("test_rows", report.numRows());
    ctx.record("plots", new ArrayList<>(report.plots().keySet()));
  }

  /** Primary first, then additional, then custom; each once. */
  static List<String> configuredMetrics(EvaluationSpec spec, List<String> customNames) {
    Set<String> names = new LinkedHashSet<>();
    if (spec.primaryMetric() != null) {
      names.add(spec.primaryMetric());
    }
    names.addAll(spec.additionalMetrics());
    names.addAll(customNames);
    return new ArrayList<>(names);
  }

  /** Key columns, then every raw (non-internal) column of the test set, then {@code __label}. */
  static List<String> passThroughColumns(Dataset<Row> test, SchemaSpec schema, LabelInfo label) {
    Set<String> present = new LinkedHashSet<>(List.of(test.columns()));
    Set<String> out = new LinkedHashSet<>();
    for (String key : schema.identifiers().primaryKey()) {
      if (present.contains(key)) {
        out.add(key);
      }
    }
    out.addAll(FeatureLayout.rawColumns(test.schema()));
    out.add(label.labelColumn());
    out.add(LabelInfo.INDEX_COLUMN);
    out.retainAll(present);
    return new ArrayList<>(out);
  }

  private static void checkMetrics(LabelInfo label, List<String> configured, List<CustomMetric> customMetrics) {
    List<String> known = new ArrayList<>(Metrics.supported(label.problemType()));
    customMetrics.forEach(m -> known.add(m.name()));
    List<String> unknown = configured.stream().filter(m -> !known.contains(m)).toList();
    if (!unknown.isEmpty()) {
      throw new StepFailedException("evaluation metrics " + unknown + " are not computed for " + label.problemType().yamlName()
          + "; available: " + known, "fix training.evaluation.primary_metric / additional_metrics");
    }
  }

  private static void checkProblemType(StepContext ctx, LabelInfo label) {
    Object configured = ctx.config().get("problem_type");
    if (configured != null && ProblemType.fromYaml(String.valueOf(configured)) != label.problemType()) {
      throw new StepFailedException("evaluate is configured for " + configured + " but split_data's label_info says "
          + label.problemType().yamlName(), "recompile the pipeline and rerun it from split_data (mbt run)");
    }
  }

  /** The model's feature importance, top {@value #TOP_FEATURES}; empty (with a warning) when the model cannot tell. */
  private static Map<String, Double> importance(StepContext ctx, ModelBundle bundle) {
    try {
      Map<String, Double> all = bundle.model().featureImportance(bundle.descriptor().featureNames());
      Map<String, Double> top = new LinkedHashMap<>();
      all.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(TOP_FEATURES)
          .forEach(e -> top.put(e.getKey(), e.getValue()));
      return top;
    } catch (RuntimeException e) {
      ctx.log().warn("no_feature_importance", Map.of("reason", String.valueOf(e.getMessage())));
      return Map.of();
    }
  }

  private static Map<String, Object> document(EvaluationSpec spec, LabelInfo label, EvaluationReport report, Map<String, Double> importance) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("problem_type", label.problemType().yamlName());
    doc.put("primary_metric", spec.primaryMetric());
    if (label.problemType() == ProblemType.BINARY_CLASSIFICATION) {
      doc.put("threshold", spec.threshold());
    }
    doc.put("num_rows", report.numRows());
    doc.put("metrics", report.metricsForJson());
    doc.putAll(report.details());
    doc.put("feature_importance", importance);
    doc.put("plots", new ArrayList<>(report.plots().keySet()));
    return doc;
  }
}
