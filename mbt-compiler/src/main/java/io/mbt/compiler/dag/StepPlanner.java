package io.mbt.compiler.dag;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.error.Suggestions;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.model.CustomStepSpec;
import io.mbt.compiler.model.FeatureTable;
import io.mbt.compiler.model.Pipeline;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.Resources;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.compiler.model.ServingSpec;
import io.mbt.compiler.model.SplitMethod;
import io.mbt.compiler.model.TrainingSpec;
import io.mbt.compiler.model.TransformationsSpec;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.compiler.profile.TargetConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Phase 4, first half: walks the step registry of a pipeline type and emits the steps whose
 * conditions hold, wired output to input (the blueprint's §5.2 tables).
 */
public final class StepPlanner {
  private final Pipeline pipeline;
  private final TargetConfig target;
  private final String frameworkPlugin;
  private final Location origin;
  private final List<PlannedStep> steps = new ArrayList<>();

  /**
   * @param frameworkPlugin the framework adapter's implementation class (from the plugin registry)
   * @param origin the pipeline file, for DAG errors
   */
  public StepPlanner(Pipeline pipeline, TargetConfig target, String frameworkPlugin, Location origin) {
    this.pipeline = pipeline;
    this.target = target;
    this.frameworkPlugin = frameworkPlugin;
    this.origin = origin;
  }

  public List<PlannedStep> plan() {
    pipeline.training().ifPresent(this::planTraining);
    pipeline.serving().ifPresent(this::planServing);
    return List.copyOf(steps);
  }

  // ---- training ----------------------------------------------------------------------------------

  private void planTraining(TrainingSpec t) {
    ProblemType problem = pipeline.project().problemType();
    SchemaSpec schema = t.schema();
    List<FeatureTable> tables = t.dataSource().featureTables();
    boolean multi = tables.size() > 1;

    Map<String, Object> load = new LinkedHashMap<>();
    load.put("tables", tables.stream().map(ManifestJson::toMap).toList());
    load.put("label_table", t.dataSource().labelTable());
    load.put("connector", ManifestJson.toMap(target.dataConnector()));
    load.put("columns", prunedColumns(t));
    load.put("column_types", ManifestJson.toMap(schema.columnTypes()));
    schema.identifiers().partitionKey().ifPresent(k -> load.put("partition_key", k));
    t.dataSource().dataWindows().ifPresent(w -> load.put("data_windows", ManifestJson.toMap(w)));
    List<String> rawOutputs = multi ? tables.stream().map(ft -> "raw_" + sanitize(ft.table())).toList() : List.of("raw_data");
    String data = add("load_data", StepPlugins.LOAD_DATA, load, List.of(), rawOutputs, false);

    if (multi) {
      Map<String, Object> join = new LinkedHashMap<>();
      join.put("base", tables.get(0).table());
      join.put("joins", tables.subList(1, tables.size()).stream().map(ManifestJson::toMap).toList());
      List<String> inputs = rawOutputs.stream().map(o -> "load_data." + o).toList();
      data = add("join_tables", StepPlugins.JOIN_TABLES, join, inputs, List.of("joined_data"), true);
    } else {
      data = "load_data.raw_data";
    }
    if (multi) {
      data = "join_tables.joined_data";
    }

    if (t.validation().isPresent()) {
      Map<String, Object> cfg = new LinkedHashMap<>();
      cfg.put("on_failure", t.validation().get().onFailure());
      cfg.put("checks", t.validation().get().checks().stream().map(ManifestJson::toMap).toList());
      cfg.put("schema", ManifestJson.toMap(schema));
      cfg.put("problem_type", problem);
      add("validate_data", StepPlugins.VALIDATE_DATA, cfg, List.of(data), List.of("validated_data", "data_profile"), true);
      data = "validate_data.validated_data";
    }

    Map<String, Object> split = new LinkedHashMap<>();
    if (t.dataSource().dataWindows().isPresent()) {
      split.put("method", "time");
      split.put("data_windows", ManifestJson.toMap(t.dataSource().dataWindows().get()));
      split.put("partition_key", schema.identifiers().partitionKey().orElseThrow());
    } else {
      var spec = t.dataSource().split();
      SplitMethod method = spec.map(s -> s.method()).orElse(null);
      if (method == null) {
        method = problem.isClassification() ? SplitMethod.STRATIFIED : SplitMethod.RANDOM;
      }
      split.put("method", method);
      split.put("test_size", spec.map(s -> s.testSize()).orElse(0.2));
      split.put("seed", spec.map(s -> s.seed()).orElse(42L));
    }
    split.put("label_column", schema.target().labelColumn());
    split.put("problem_type", problem);
    split.put("schema", ManifestJson.toMap(schema));
    t.dataSource().minRows().ifPresent(m -> split.put("min_rows", m));
    add("split_data", StepPlugins.SPLIT_DATA, split, List.of(data), List.of("train_set", "test_set", "label_info"), true);
    String train = "split_data.train_set";
    String test = "split_data.test_set";
    List<String> fitted = new ArrayList<>();

    TransformationsSpec tr = t.transformations();
    if (!tr.customTransforms().isEmpty()) {
      Map<String, Object> cfg = Map.of("transforms", tr.customTransforms().stream().map(ManifestJson::toMap).toList());
      String[] next = transformStep("custom_transforms", StepPlugins.CUSTOM_TRANSFORMS, cfg, train, test, fitted);
      train = next[0];
      test = next[1];
    }
    if (tr.encoding().map(TransformationsSpec.Encoding::enabled).orElse(false)) {
      Map<String, Object> cfg = ManifestJson.toMap(tr.encoding().get());
      cfg.remove("enabled");
      cfg.put("categorical_columns", schema.categoricalColumns());
      cfg.put("schema", ManifestJson.toMap(schema));
      String[] next = transformStep("encode", StepPlugins.ENCODE, cfg, train, test, fitted);
      train = next[0];
      test = next[1];
    }
    if (tr.normalization().map(TransformationsSpec.Normalization::enabled).orElse(false)) {
      Map<String, Object> cfg = ManifestJson.toMap(tr.normalization().get());
      cfg.remove("enabled");
      cfg.put("schema", ManifestJson.toMap(schema));
      String[] next = transformStep("normalize", StepPlugins.NORMALIZE, cfg, train, test, fitted);
      train = next[0];
      test = next[1];
    }
    if (t.featureSelection().map(f -> f.enabled()).orElse(false)) {
      Map<String, Object> cfg = new LinkedHashMap<>();
      cfg.put("methods", t.featureSelection().get().methods().stream().map(ManifestJson::toMap).toList());
      cfg.put("problem_type", problem);
      cfg.put("schema", ManifestJson.toMap(schema));
      String[] next = transformStep("select_features", StepPlugins.SELECT_FEATURES, cfg, train, test, fitted);
      train = next[0];
      test = next[1];
    }

    Map<String, Object> trainCfg = new LinkedHashMap<>();
    trainCfg.put("framework", t.modelTraining().framework());
    trainCfg.put("params", t.modelTraining().config());
    trainCfg.put("problem_type", problem);
    trainCfg.put("schema", ManifestJson.toMap(schema));
    trainCfg.put("primary_metric", t.evaluation().primaryMetric());
    List<String> trainInputs = new ArrayList<>(List.of(train, "split_data.label_info"));
    trainInputs.addAll(fitted);
    PlannedStep trainStep = step("train_model", frameworkPlugin, trainCfg, trainInputs, List.of("model", "train_metrics"), false)
        .withResources(t.modelTraining().resources().orElse(target.resources()));
    steps.add(trainStep);

    Map<String, Object> evalCfg = new LinkedHashMap<>(ManifestJson.toMap(t.evaluation()));
    evalCfg.put("problem_type", problem);
    evalCfg.put("schema", ManifestJson.toMap(schema));
    add("evaluate", StepPlugins.EVALUATE, evalCfg, List.of("train_model.model", test, "split_data.label_info"),
        List.of("eval_metrics", "plots", "predictions"), true);

    Map<String, Object> logCfg = new LinkedHashMap<>();
    logCfg.put("registry", ManifestJson.toMap(target.modelRegistry()));
    logCfg.put("experiment_name", pipeline.project().experimentName());
    logCfg.put("pipeline_name", pipeline.name());
    logCfg.put("tags", pipeline.project().tags());
    List<String> logInputs = new ArrayList<>(List.of("train_model.model", "train_model.train_metrics", "evaluate.eval_metrics", "evaluate.plots",
        "split_data.label_info", "split_data.train_set"));
    logInputs.addAll(fitted);
    add("log_run", StepPlugins.LOG_RUN, logCfg, logInputs, List.of("registry_run"), true);

    addCustomSteps(t.customSteps(), t.stepResources());
  }

  /** Adds a fit-on-train transform step and returns its train and test outputs. */
  private String[] transformStep(String name, String plugin, Map<String, Object> cfg, String train, String test, List<String> fitted) {
    add(name, plugin, cfg, List.of(train, test), List.of("train_set", "test_set", "fitted"), true);
    fitted.add(name + ".fitted");
    return new String[] {name + ".train_set", name + ".test_set"};
  }

  /** Columns the pipeline uses, so load_data reads no more; empty means "all" (no explicit feature list). */
  private static List<String> prunedColumns(TrainingSpec t) {
    SchemaSpec s = t.schema();
    if (s.featureColumns().isEmpty()) {
      return List.of();
    }
    Set<String> cols = new LinkedHashSet<>(s.identifiers().primaryKey());
    s.identifiers().partitionKey().ifPresent(cols::add);
    cols.add(s.target().labelColumn());
    cols.addAll(s.featureColumns());
    t.dataSource().featureTables().forEach(ft -> cols.addAll(ft.joinKey()));
    return List.copyOf(cols);
  }

  // ---- serving -----------------------------------------------------------------------------------

  private void planServing(ServingSpec s) {
    AdapterRef registry = target.modelRegistry();
    String named = s.modelSource().registry().orElse(registry.type());
    if (!named.equals(registry.type())) {
      if (!named.equals("local")) {
        throw new CompileException(CompileProblem.error(ErrorCode.INVALID_ADAPTER_CONFIG, origin, "serving.model_source.registry",
            "model_source.registry is '" + named + "' but target '" + target.name() + "' configures a '" + registry.type() + "' registry",
            "configure 'model_registry: {type: " + named + ", config: {...}}' in the target, or leave model_source.registry out to use the target's"));
      }
      registry = AdapterRef.of("local", Map.of("path", "./mbt_registry")); // the embedded default needs no configuration
    }
    Map<String, Object> load = new LinkedHashMap<>();
    load.put("registry", ManifestJson.toMap(registry));
    s.modelSource().runId().ifPresent(r -> load.put("run_id", r));
    if (s.modelSource().alias().isPresent()) {
      load.put("alias", s.modelSource().alias().get());
      load.put("model_name", registeredModelName(registry));
    }
    s.modelSource().fallbackRunId().ifPresent(r -> load.put("fallback_run_id", r));
    load.put("artifact_snapshot", s.modelSource().artifactSnapshot());
    add("load_model", StepPlugins.LOAD_MODEL, load, List.of(), List.of("model", "transforms", "training_schema"), true);

    Map<String, Object> data = new LinkedHashMap<>();
    data.put("scoring_table", s.dataSource().scoringTable());
    data.put("connector", ManifestJson.toMap(target.dataConnector()));
    s.dataSource().partitionKey().ifPresent(k -> data.put("partition_key", k));
    s.dataSource().lookbackWindow().ifPresent(w -> data.put("lookback_window", ManifestJson.toMap(w)));
    add("load_scoring_data", StepPlugins.LOAD_SCORING_DATA, data, List.of(), List.of("scoring_data"), false);

    add("apply_transforms", StepPlugins.APPLY_TRANSFORMS, Map.of(),
        List.of("load_model.transforms", "load_model.training_schema", "load_scoring_data.scoring_data"), List.of("features"), true);
    Map<String, Object> predict = new LinkedHashMap<>();
    predict.put("problem_type", pipeline.project().problemType());
    predict.put("threshold", s.output().columns().threshold());
    add("predict", StepPlugins.PREDICT, predict, List.of("load_model.model", "load_model.training_schema", "apply_transforms.features"),
        List.of("predictions"), true);

    Map<String, Object> publish = new LinkedHashMap<>(ManifestJson.toMap(s.output()));
    publish.put("problem_type", pipeline.project().problemType());
    add("publish_predictions", StepPlugins.PUBLISH_PREDICTIONS, publish, List.of("load_model.training_schema", "predict.predictions"),
        List.of("published"), true);

    addCustomSteps(s.customSteps(), s.stepResources());
  }

  /**
   * The registered model aliases live in: the registry's {@code registered_model_name}, else the
   * experiment, else the pipeline (the rule log_run registers training runs by).
   */
  private String registeredModelName(AdapterRef registry) {
    Object configured = registry.config().get("registered_model_name");
    if (configured instanceof String name && !name.isBlank()) {
      return name.strip();
    }
    return java.util.Optional.ofNullable(pipeline.project().experimentName()).filter(e -> !e.isBlank()).map(String::strip).orElse(pipeline.name());
  }

  // ---- shared ------------------------------------------------------------------------------------

  private void addCustomSteps(List<CustomStepSpec> custom, Map<String, Resources> stepResources) {
    Set<String> builtIn = new LinkedHashSet<>();
    steps.forEach(st -> builtIn.add(st.name()));
    List<CompileProblem> problems = new ArrayList<>();
    for (CustomStepSpec c : custom) {
      if (builtIn.contains(c.name())) {
        problems.add(CompileProblem.error(ErrorCode.INVALID_VALUE, origin, "custom_steps",
            "custom step '" + c.name() + "' has the name of a built-in step", "rename it; built-in steps: " + String.join(", ", builtIn)));
        continue;
      }
      Map<String, Object> cfg = new LinkedHashMap<>();
      cfg.put("class", c.className());
      cfg.put("config", c.config());
      List<String> parents = c.dependsOn().isEmpty() && c.before().isEmpty() ? List.of(steps.get(steps.size() - 1).name()) : c.dependsOn();
      steps.add(new PlannedStep(c.name(), StepPlugins.CUSTOM_STEP, cfg, c.resources().orElse(target.resources()), List.of(),
          List.of("output"), parents, c.idempotent(), origin));
    }
    // "before" edges make built-in steps wait for custom ones.
    for (CustomStepSpec c : custom) {
      for (String later : c.before()) {
        int index = indexOf(later);
        if (index < 0) {
          problems.add(CompileProblem.error(ErrorCode.UNKNOWN_STEP, origin, "custom_steps",
              "custom step '" + c.name() + "' runs before '" + later + "', which is not a step of this pipeline"
                  + Suggestions.didYouMean(later, steps.stream().map(PlannedStep::name).toList()),
              "steps: " + String.join(", ", steps.stream().map(PlannedStep::name).toList())));
          continue;
        }
        PlannedStep s = steps.get(index);
        List<String> parents = new ArrayList<>(s.dependsOn());
        parents.add(c.name());
        steps.set(index, s.withDependsOn(parents));
      }
    }
    for (Map.Entry<String, Resources> e : stepResources.entrySet()) {
      int index = indexOf(e.getKey());
      if (index < 0) {
        problems.add(CompileProblem.error(ErrorCode.UNKNOWN_STEP, origin, "step_resources." + e.getKey(),
            "step_resources names '" + e.getKey() + "', which is not a step of this pipeline"
                + Suggestions.didYouMean(e.getKey(), steps.stream().map(PlannedStep::name).toList()),
            "steps: " + String.join(", ", steps.stream().map(PlannedStep::name).toList())));
        continue;
      }
      steps.set(index, steps.get(index).withResources(e.getValue().orElse(steps.get(index).resources())));
    }
    if (!problems.isEmpty()) {
      throw new CompileException(problems);
    }
  }

  private int indexOf(String name) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Adds a step whose parents are the producers of its inputs; returns its first output reference. */
  private String add(String name, String plugin, Map<String, Object> config, List<String> inputs, List<String> outputs, boolean idempotent) {
    steps.add(step(name, plugin, config, inputs, outputs, idempotent));
    return name + "." + outputs.get(0);
  }

  private PlannedStep step(String name, String plugin, Map<String, Object> config, List<String> inputs, List<String> outputs, boolean idempotent) {
    List<String> parents = inputs.stream().map(i -> i.substring(0, i.indexOf('.'))).distinct().toList();
    return new PlannedStep(name, plugin, config, target.resources(), inputs, outputs, parents, idempotent, origin);
  }

  static String sanitize(String table) {
    return table.replaceAll("[^A-Za-z0-9_]", "_");
  }
}
