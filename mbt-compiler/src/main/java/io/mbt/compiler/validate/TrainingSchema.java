package io.mbt.compiler.validate;

import static io.mbt.compiler.validate.Shapes.bool;
import static io.mbt.compiler.validate.Shapes.enumOf;
import static io.mbt.compiler.validate.Shapes.integer;
import static io.mbt.compiler.validate.Shapes.listOf;
import static io.mbt.compiler.validate.Shapes.mapOf;
import static io.mbt.compiler.validate.Shapes.nonEmptyListOf;
import static io.mbt.compiler.validate.Shapes.number;
import static io.mbt.compiler.validate.Shapes.object;
import static io.mbt.compiler.validate.Shapes.oneOrMany;
import static io.mbt.compiler.validate.Shapes.string;

import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Suggestions;
import io.mbt.compiler.model.ColumnType;
import io.mbt.compiler.model.CustomStepSpec;
import io.mbt.compiler.model.CustomTransform;
import io.mbt.compiler.model.DataSourceSpec;
import io.mbt.compiler.model.EncodingMethod;
import io.mbt.compiler.model.EvaluationSpec;
import io.mbt.compiler.model.FeatureSelectionSpec;
import io.mbt.compiler.model.FeatureTable;
import io.mbt.compiler.model.HandleUnknown;
import io.mbt.compiler.model.JoinType;
import io.mbt.compiler.model.Metrics;
import io.mbt.compiler.model.ModelTrainingSpec;
import io.mbt.compiler.model.NormalizationMethod;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.Resources;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.compiler.model.SelectionMethod;
import io.mbt.compiler.model.SplitMethod;
import io.mbt.compiler.model.SplitSpec;
import io.mbt.compiler.model.TimeUnit;
import io.mbt.compiler.model.TrainingSpec;
import io.mbt.compiler.model.TrainingWindows;
import io.mbt.compiler.model.TransformationsSpec;
import io.mbt.compiler.model.ValidationSpec;
import io.mbt.compiler.model.Window;
import io.mbt.compiler.yaml.YMap;
import io.mbt.compiler.yaml.YScalar;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code training:} section of the v1 schema. */
final class TrainingSchema {
  private TrainingSchema() {}

  /** @param problemType from the project section; null when that section was invalid */
  static Shape<TrainingSpec> shape(ProblemType problemType) {
    return object("the training section", f -> {
      DataSourceSpec dataSource = f.required("data_source", dataSourceShape());
      SchemaSpec schema = f.required("schema", schemaShape());
      Optional<ValidationSpec> validation = f.optional("validation", ValidationSchema.shape());
      TransformationsSpec transformations = f.optionalOrElse("transformations", transformationsShape(),
          () -> new TransformationsSpec(Optional.empty(), Optional.empty(), List.of()));
      Optional<FeatureSelectionSpec> selection = f.optional("feature_selection", featureSelectionShape());
      ModelTrainingSpec modelTraining = f.optionalOrElse("model_training", modelTrainingShape(),
          () -> new ModelTrainingSpec("automl", Map.of(), Resources.none()));
      EvaluationSpec evaluation = f.optionalOrElse("evaluation", evaluationShape(problemType),
          () -> problemType == null ? null : defaultEvaluation(problemType));
      List<CustomStepSpec> customSteps = f.optional("custom_steps", listOf(CommonShapes.customStep()), List.of());
      Map<String, Resources> stepResources = f.optional("step_resources", mapOf(CommonShapes.resources()), Map.of());

      if (dataSource != null && schema != null) {
        boolean windows = dataSource.dataWindows().isPresent();
        f.check(!windows || schema.identifiers().partitionKey().isPresent(), "data_source", ErrorCode.MISSING_REQUIRED,
            "data_source.data_windows needs schema.identifiers.partition_key: the date column the windows filter on",
            "add 'partition_key: <date column>' under training.schema.identifiers, or use data_source.split instead of data_windows");
        if (problemType == ProblemType.REGRESSION && dataSource.split().map(s -> s.method() == SplitMethod.STRATIFIED).orElse(false)) {
          f.check(false, "data_source", ErrorCode.INVALID_VALUE, "a stratified split needs a classification problem; this pipeline is regression",
              "use 'split: {method: random}'");
        }
        if (problemType != null && !problemType.isClassification() && !schema.target().classes().isEmpty()) {
          f.binder().warning(ErrorCode.INVALID_VALUE, f.locationOf("schema"), f.pathOf("schema") + ".target.classes",
              "'classes' is ignored for regression", "remove schema.target.classes");
        }
      }
      if (problemType == ProblemType.BINARY_CLASSIFICATION && schema != null && !schema.target().classes().isEmpty()
          && schema.target().classes().size() != 2) {
        f.check(false, "schema", ErrorCode.INVALID_VALUE,
            "binary_classification needs exactly 2 classes in schema.target.classes, found " + schema.target().classes().size(),
            "list the two label values, or set project.problem_type: multiclass_classification");
      }
      if (schema != null) {
        Optional<String> positive = schema.target().positiveClass();
        f.check(positive.isEmpty() || schema.target().classes().isEmpty() || schema.target().classes().contains(positive.get()),
            "schema", ErrorCode.INVALID_VALUE,
            "schema.target.positive_class '" + positive.orElse("") + "' is not one of classes " + schema.target().classes(),
            "set positive_class to one of the listed classes");
      }
      if (dataSource == null || schema == null || modelTraining == null || evaluation == null) {
        return null;
      }
      return new TrainingSpec(dataSource, schema, validation, transformations, selection, modelTraining, evaluation, customSteps, stepResources);
    });
  }

  static EvaluationSpec defaultEvaluation(ProblemType type) {
    return new EvaluationSpec(Metrics.defaultPrimary(type), List.of(), true, List.of(), 0.5);
  }

  static Shape<DataSourceSpec> dataSourceShape() {
    return object("the data_source section", f -> {
      String labelTable = f.required("label_table", string());
      List<FeatureTable> tables = f.optional("feature_tables", nonEmptyListOf(featureTableShape()), List.of());
      Optional<TrainingWindows> windows = f.optional("data_windows", windowsShape());
      Optional<SplitSpec> split = f.optional("split", splitShape());
      Optional<Long> minRows = f.optional("min_rows", integer(1, Long.MAX_VALUE));
      f.check(!(f.has("data_windows") && f.has("split")), "split", ErrorCode.CONFLICTING_KEYS,
          "'data_windows' and 'split' cannot be used together: data_windows splits by time, split splits at random",
          "keep data_windows for data with a date partition, or split for data without one");
      List<FeatureTable> checked = new ArrayList<>();
      if (tables.isEmpty() && labelTable != null) {
        checked.add(new FeatureTable(labelTable, List.of(), JoinType.INNER, false, List.of()));
      }
      for (int i = 0; i < tables.size(); i++) {
        FeatureTable t = tables.get(i);
        if (i > 0 && t.joinKey().isEmpty()) {
          f.check(false, "feature_tables", ErrorCode.MISSING_REQUIRED,
              "feature_tables[" + i + "] ('" + t.table() + "') needs a join_key: every table after the first joins the base table",
              "add 'join_key: <column>' (or a list for a composite key) and 'join_type: left|inner|right|full'");
        }
        checked.add(t);
      }
      Set<String> seen = new HashSet<>();
      for (FeatureTable t : checked) {
        f.check(seen.add(t.table()), "feature_tables", ErrorCode.INVALID_VALUE, "table '" + t.table() + "' is listed twice in feature_tables",
            "list each table once");
      }
      return new DataSourceSpec(labelTable, checked, windows, split, minRows);
    });
  }

  static Shape<FeatureTable> featureTableShape() {
    Shape<FeatureTable> full = object("a feature table", f -> new FeatureTable(
        f.required("table", string()),
        f.optional("join_key", oneOrMany(string()), List.of()),
        f.optional("join_type", enumOf(JoinType.class), JoinType.LEFT),
        f.optional("fan_out_check", bool(), false),
        f.optional("columns", listOf(string()), List.of())));
    // A bare table name is the same as {table: name}.
    return Shapes.named("a table name or a mapping with table, join_key, join_type", (node, path, b) ->
        node instanceof YScalar s && !s.isNull()
            ? new FeatureTable(s.text(), List.of(), JoinType.LEFT, false, List.of())
            : full.bind(node, path, b));
  }

  static Shape<TrainingWindows> windowsShape() {
    return object("data_windows", f -> {
      Window label = f.required("label_window", windowShape(true, false));
      Window train = f.required("train_window", windowShape(false, true));
      Optional<Window> feature = f.optional("feature_window", windowShape(false, true));
      return new TrainingWindows(label, train, feature);
    });
  }

  /** A window: {@code offset} (default 0) and {@code duration} (default 1) in {@code unit}s. */
  static Shape<Window> windowShape(boolean offsetRequired, boolean durationRequired) {
    return object("a window with " + (offsetRequired ? "offset" : "duration") + " and unit", f -> {
      Long offset = offsetRequired ? f.required("offset", integer(-100_000, 100_000)) : f.optional("offset", integer(-100_000, 100_000), 0L);
      Long duration = durationRequired ? f.required("duration", integer(1, 100_000)) : f.optional("duration", integer(1, 100_000), 1L);
      TimeUnit unit = f.required("unit", enumOf(TimeUnit.class));
      return offset == null || duration == null || unit == null ? null : new Window(offset, duration, unit);
    });
  }

  static Shape<SplitSpec> splitShape() {
    return object("a split", f -> {
      SplitMethod method = f.optional("method", enumOf(SplitMethod.class), (SplitMethod) null);
      Double testSize = f.optional("test_size", number(0.01, 0.99), 0.2);
      Long seed = f.optional("seed", integer(), 42L);
      return testSize == null || seed == null ? null : new SplitSpec(method, testSize, seed);
    });
  }

  static Shape<SchemaSpec> schemaShape() {
    return object("the schema section", f -> {
      SchemaSpec.Target target = f.required("target", object("the target", t -> new SchemaSpec.Target(
          t.required("label_column", string()),
          t.optional("classes", nonEmptyListOf(string()), List.of()),
          t.optional("positive_class", string()))));
      SchemaSpec.Identifiers ids = f.optionalOrElse("identifiers", object("identifiers", t -> new SchemaSpec.Identifiers(
          t.optional("primary_key", oneOrMany(string()), List.of()),
          t.optional("partition_key", string()))), SchemaSpec.Identifiers::none);
      List<String> ignored = f.optional("ignored_columns", listOf(string()), List.of());
      List<String> features = f.optional("feature_columns", listOf(string()), List.of());
      List<String> categorical = f.optional("categorical_columns", listOf(string()), List.of());
      Map<String, ColumnType> types = f.optional("column_types", mapOf(enumOf(ColumnType.class)), Map.of());
      if (target != null) {
        f.check(!ignored.contains(target.labelColumn()) && !features.contains(target.labelColumn()), "target", ErrorCode.INVALID_VALUE,
            "label column '" + target.labelColumn() + "' must not be listed in ignored_columns or feature_columns",
            "remove it from those lists; the label is never a feature");
      }
      return target == null || ids == null ? null : new SchemaSpec(target, ids, ignored, features, categorical, types);
    });
  }

  static Shape<TransformationsSpec> transformationsShape() {
    return object("the transformations section", f -> new TransformationsSpec(
        f.optional("normalization", object("normalization", n -> new TransformationsSpec.Normalization(
            n.optional("enabled", bool(), true),
            n.optional("method", enumOf(NormalizationMethod.class), NormalizationMethod.STANDARD_SCALER),
            n.optional("columns", listOf(string()), List.of())))),
        f.optional("encoding", object("encoding", n -> new TransformationsSpec.Encoding(
            n.optional("enabled", bool(), true),
            n.optional("method", enumOf(EncodingMethod.class), EncodingMethod.ONE_HOT),
            n.optional("columns", listOf(string()), List.of()),
            n.optional("handle_unknown", enumOf(HandleUnknown.class), HandleUnknown.KEEP),
            n.optional("max_categories", Shapes.smallInt(2, 100_000))))),
        f.optional("custom_transforms", listOf(customTransformShape()), List.of())));
  }

  static Shape<CustomTransform> customTransformShape() {
    Shape<CustomTransform> mapping = object("a custom transform with sql or class", f -> {
      boolean sql = f.has("sql");
      boolean cls = f.has("class");
      f.check(sql ^ cls, sql ? "class" : "sql", ErrorCode.CONFLICTING_KEYS,
          "a custom transform has exactly one of 'sql' and 'class'",
          "write either 'sql: SELECT *, a / b AS ratio FROM __THIS__' or 'class: com.acme.MyTransform'");
      Optional<String> name = f.optional("name", Shapes.identifier());
      Optional<String> statement = f.optional("sql", string());
      Optional<String> className = f.optional("class", CommonShapes.className());
      Map<String, Object> config = f.optional("config", Shapes.plainMap(), Map.of());
      statement.ifPresent(s -> f.check(s.contains("__THIS__"), "sql", ErrorCode.INVALID_VALUE,
          "a SQL transform must select FROM __THIS__ (the data set being transformed)",
          "write e.g. 'SELECT *, MonthlyCharges / (tenure + 1) AS charge_rate FROM __THIS__'"));
      if (statement.isPresent()) {
        return new CustomTransform.Sql(name.orElse("sql_" + Integer.toHexString(statement.get().hashCode())), statement.get());
      }
      return className.map(c -> (CustomTransform) new CustomTransform.UserClass(name.orElse(simpleName(c)), c, config)).orElse(null);
    });
    Shape<String> bareClass = CommonShapes.className();
    return Shapes.named("a class name or a mapping with sql or class", (node, path, b) -> {
      if (node instanceof YScalar) {
        String c = bareClass.bind(node, path, b);
        return c == null ? null : new CustomTransform.UserClass(simpleName(c), c, Map.of());
      }
      return mapping.bind(node, path, b);
    });
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  static Shape<FeatureSelectionSpec> featureSelectionShape() {
    Shape<FeatureSelectionSpec.Method> method = object("a selection method", f -> {
      SelectionMethod name = f.required("name", enumOf(SelectionMethod.class));
      Optional<Double> threshold = f.optional("threshold", number());
      Optional<Integer> topK = f.optional("top_k", Shapes.smallInt(1, 1_000_000));
      if (name != null) {
        switch (name) {
          case IMPORTANCE -> f.check(threshold.map(t -> t > 0 && t <= 1).orElse(true), "threshold", ErrorCode.INVALID_VALUE,
              "importance threshold is the cumulative share of importance kept and must be in (0, 1], but was: " + threshold.orElse(0.0),
              "use e.g. 0.95 to keep the features that make up 95% of total importance");
          case CORRELATION_FILTER -> f.check(threshold.map(t -> t > 0 && t <= 1).orElse(true), "threshold", ErrorCode.INVALID_VALUE,
              "correlation_filter threshold is an absolute correlation in (0, 1], but was: " + threshold.orElse(0.0), "use e.g. 0.95");
          case VARIANCE_THRESHOLD -> f.check(threshold.map(t -> t >= 0).orElse(true), "threshold", ErrorCode.INVALID_VALUE,
              "variance_threshold must be >= 0, but was: " + threshold.orElse(0.0), "use e.g. 0.0 to drop constant features");
          case UNIVARIATE -> f.check(!(threshold.isPresent() && topK.isPresent()), "top_k", ErrorCode.CONFLICTING_KEYS,
              "univariate takes either threshold (a p-value) or top_k, not both", "keep one of them");
        }
      }
      return name == null ? null : new FeatureSelectionSpec.Method(name, threshold, topK);
    });
    return object("the feature_selection section", f -> {
      boolean enabled = f.optional("enabled", bool(), true);
      List<FeatureSelectionSpec.Method> methods = f.optional("methods", nonEmptyListOf(method), List.of());
      f.check(!enabled || !methods.isEmpty() || !f.has("methods"), "methods", ErrorCode.MISSING_REQUIRED,
          "feature_selection is enabled but lists no methods", "add 'methods: [{name: importance, threshold: 0.95}]'");
      List<FeatureSelectionSpec.Method> effective = methods.isEmpty()
          ? List.of(new FeatureSelectionSpec.Method(SelectionMethod.IMPORTANCE, Optional.of(0.95), Optional.empty()))
          : methods;
      return new FeatureSelectionSpec(enabled, effective);
    });
  }

  static Shape<ModelTrainingSpec> modelTrainingShape() {
    return object("the model_training section", f -> {
      String framework = f.optional("framework", Shapes.identifier(), "automl");
      Map<String, Object> config = f.optional("config", Shapes.plainMap(), Map.of());
      Resources resources = f.optionalOrElse("resources", CommonShapes.resources(), Resources::none);
      f.check(!config.containsKey("resources"), "config", ErrorCode.INVALID_VALUE,
          "'resources' belongs beside 'config', not inside it: config is passed to the framework, resources to the executor",
          "move model_training.config.resources up to model_training.resources");
      return framework == null ? null : new ModelTrainingSpec(framework, config, resources);
    });
  }

  static Shape<EvaluationSpec> evaluationShape(ProblemType problemType) {
    return object("the evaluation section", f -> {
      List<String> supported = problemType == null ? List.of() : Metrics.supported(problemType);
      Shape<String> metric = problemType == null ? string() : Shapes.named("a metric", (node, path, b) -> {
        String m = string().bind(node, path, b);
        if (m != null && !supported.contains(m)) {
          b.error(ErrorCode.INVALID_VALUE, node.location(), path,
              "metric '" + m + "' is not available for " + problemType.yamlName() + Suggestions.didYouMean(m, supported),
              "use one of: " + String.join(", ", supported));
          return null;
        }
        return m;
      });
      String primary = f.optional("primary_metric", metric, problemType == null ? null : Metrics.defaultPrimary(problemType));
      List<String> additional = f.optional("additional_metrics", listOf(metric), List.of());
      boolean plots = f.optional("generate_plots", bool(), true);
      List<String> custom = f.optional("custom_metrics", listOf(CommonShapes.className()), List.of());
      Double threshold = f.optional("threshold", number(0.0, 1.0), 0.5);
      if (f.has("threshold") && problemType != null && problemType != ProblemType.BINARY_CLASSIFICATION) {
        f.check(false, "threshold", ErrorCode.INVALID_VALUE, "a decision threshold applies to binary_classification only",
            "remove evaluation.threshold");
      }
      return primary == null || threshold == null ? null : new EvaluationSpec(primary, additional, plots, custom, threshold);
    });
  }

  /** Whether a YAML map sets a key to a non-null value; used by callers outside the binder. */
  static boolean sets(YMap map, String key) {
    return map.get(key).filter(n -> !(n instanceof YScalar s && s.isNull())).isPresent();
  }
}
