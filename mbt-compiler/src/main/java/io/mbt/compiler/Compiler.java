package io.mbt.compiler;

import io.mbt.compiler.dag.Dag;
import io.mbt.compiler.dag.PlannedStep;
import io.mbt.compiler.dag.StepPlanner;
import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.error.Problems;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.manifest.ManifestMetadata;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.compiler.model.Pipeline;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.compiler.profile.ProfileLoader;
import io.mbt.compiler.profile.TargetConfig;
import io.mbt.compiler.project.PipelineCatalog;
import io.mbt.compiler.project.ProjectConfig;
import io.mbt.compiler.resolve.IncludeResolver;
import io.mbt.compiler.resolve.PipelineResolver;
import io.mbt.compiler.spi.AdapterDescriptor;
import io.mbt.compiler.spi.AdapterKind;
import io.mbt.compiler.spi.ConfigIssue;
import io.mbt.compiler.spi.FrameworkDescriptor;
import io.mbt.compiler.spi.PluginRegistry;
import io.mbt.compiler.template.TemplateContext;
import io.mbt.compiler.template.TemplateRenderer;
import io.mbt.compiler.validate.PipelineSchema;
import io.mbt.compiler.yaml.YMap;
import io.mbt.compiler.yaml.YNode;
import io.mbt.compiler.yaml.YPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Compiles pipelines of one project in five phases: resolution, schema validation, plugin
 * validation, DAG assembly, manifest generation. Thread-confined; cheap to create.
 */
public final class Compiler {
  private final ProjectConfig project;
  private final PipelineCatalog catalog;
  private final PluginRegistry plugins;

  public Compiler(ProjectConfig project, PluginRegistry plugins) {
    this.project = project;
    this.catalog = new PipelineCatalog(project);
    this.plugins = plugins;
  }

  public PipelineCatalog catalog() {
    return catalog;
  }

  public ProjectConfig project() {
    return project;
  }

  /** Records the run a serving alias names now, when the caller can reach the registry. */
  private static List<PlannedStep> resolveAliases(List<PlannedStep> planned, YNode rendered, CompileOptions options) {
    if (options.modelSources().isEmpty()) {
      return planned;
    }
    List<PlannedStep> out = new ArrayList<>();
    for (PlannedStep step : planned) {
      Object alias = step.config().get("alias");
      if (!step.name().equals("load_model") || alias == null || step.config().containsKey("run_id")) {
        out.add(step);
        continue;
      }
      Map<String, Object> config = new LinkedHashMap<>(step.config());
      String modelName = String.valueOf(config.get("model_name"));
      AdapterRef registry = ManifestJson.mapper().convertValue(config.get("registry"), AdapterRef.class);
      try {
        config.put("run_id", options.modelSources().get().resolveAlias(registry, modelName, String.valueOf(alias)));
      } catch (ModelSourceResolver.Unresolved e) {
        throw new CompileException(CompileProblem.error(ErrorCode.INVALID_VALUE, YPaths.locate(rendered, "serving.model_source.alias"),
            "serving.model_source.alias", e.getMessage(), e.hint()));
      }
      out.add(new PlannedStep(step.name(), step.plugin(), config, step.resources(), step.inputs(), step.outputs(), step.dependsOn(),
          step.idempotent(), step.origin()));
    }
    return out;
  }

  /** Phase 1 only: the merged document ({@code mbt validate --show-resolved}), templates not rendered. */
  public YMap resolve(String pipelineName) {
    IncludeResolver.SourceFiles sources = new IncludeResolver.SourceFiles(project.root());
    return new PipelineResolver(project.root(), project.pipelineDirs(), sources).resolve(catalog.require(pipelineName));
  }

  /** Phases 1–5. Throws {@link CompileException} with every problem found. */
  public CompileResult compile(String pipelineName, CompileOptions options) {
    Path file = catalog.require(pipelineName);
    IncludeResolver.SourceFiles sources = new IncludeResolver.SourceFiles(project.root());
    Problems problems = new Problems();

    // Phase 1: resolution and templating.
    YMap resolved = new PipelineResolver(project.root(), project.pipelineDirs(), sources).resolve(file);
    Map<String, String> vars = new LinkedHashMap<>(project.vars());
    vars.putAll(options.vars());
    TemplateRenderer renderer = new TemplateRenderer(new TemplateContext(vars, options.environment()));
    YNode rendered = renderer.render(resolved, "", problems);
    problems.throwIfErrors();

    // Phase 2: schema.
    Optional<Pipeline> bound = PipelineSchema.bind(rendered, problems);
    String display = catalog.display(file);
    bound.ifPresent(p -> {
      if (!p.name().equals(pipelineName)) {
        problems.error(ErrorCode.INVALID_VALUE, YPaths.locate(rendered, "project.name"), "project.name",
            "project.name '" + p.name() + "' differs from the file name '" + pipelineName + "'",
            "rename the file to " + p.name() + ".yaml or set project.name: " + pipelineName + " (they must match so --select and target/ agree)");
      }
    });
    Optional<LocalDate> executionDate = executionDate(vars, options, problems);
    ProfileLoader.ResolvedTarget target = loadTarget(options, renderer, problems);
    problems.throwIfErrors();
    Pipeline pipeline = bound.orElseThrow();

    // Phase 3: plugins.
    String frameworkPlugin = validatePlugins(pipeline, rendered, target, problems);
    problems.throwIfErrors();

    // Phase 4: DAG.
    Location origin = new Location(display, 1, 1);
    List<PlannedStep> planned = new StepPlanner(pipeline, target.config(), frameworkPlugin == null ? "" : frameworkPlugin, origin).plan();
    planned = resolveAliases(planned, rendered, options);
    Dag dag = Dag.of(planned);

    // Phase 5: manifest.
    Map<String, ManifestStep> steps = new LinkedHashMap<>();
    for (PlannedStep s : dag.steps()) {
      // Plain JSON values only (enums as their YAML names): the same config whether read from disk or compiled in-process.
      steps.put(s.name(), new ManifestStep(s.plugin(), ManifestJson.toMap(s.config()), s.resources(), s.inputs(), s.outputs(), s.dependsOn(),
          s.idempotent()));
    }
    Manifest.DagSpec dagSpec = new Manifest.DagSpec(dag.parentMap(), dag.executionBatches());
    List<ManifestMetadata.SourceFile> sourceFiles = new ArrayList<>();
    for (Path source : sources.files()) {
      sourceFiles.add(new ManifestMetadata.SourceFile(sources.display(source), sha256(source)));
    }
    sourceFiles.add(new ManifestMetadata.SourceFile(target.file(), sha256(Path.of(target.file()).isAbsolute() ? Path.of(target.file()) : project.root().resolve(target.file()))));
    String digest = digest(steps, dagSpec, target.config());
    ManifestMetadata metadata = new ManifestMetadata(
        MbtVersion.current(), pipeline.schemaVersion(), Instant.now(options.clock()).truncatedTo(ChronoUnit.SECONDS).toString(),
        pipeline.name(), pipeline.type(), project.name(), target.config().profile(), target.config().name(), pipeline.project().problemType(),
        pipeline.project().experimentName(), pipeline.project().owner(), pipeline.project().tags(), pipeline.deployment(),
        executionDate.map(LocalDate::toString), vars, sourceFiles, digest, new ArrayList<>(new TreeSet<>(renderer.secretsUsed())));
    return new CompileResult(new Manifest(metadata, target.config(), steps, dagSpec), pipeline, problems.warnings());
  }

  /** The resolved target alone ({@code mbt debug}): profile lookup, target choice, templates; secrets stay references. */
  public TargetConfig target(CompileOptions options) {
    Map<String, String> vars = new LinkedHashMap<>(project.vars());
    vars.putAll(options.vars());
    Problems problems = new Problems();
    ProfileLoader.ResolvedTarget target = loadTarget(options, new TemplateRenderer(new TemplateContext(vars, options.environment())), problems);
    problems.throwIfErrors();
    return target.config();
  }

  private ProfileLoader.ResolvedTarget loadTarget(CompileOptions options, TemplateRenderer renderer, Problems problems) {
    Path file = ProfileLoader.locate(options.profilesDir(), project.root()).orElseThrow(() -> new CompileException(CompileProblem.error(
        ErrorCode.PROFILE_NOT_FOUND, new Location(project.root().resolve(ProfileLoader.FILE_NAME).toString(), 0, 0), "",
        "no profiles.yaml found (looked in " + options.profilesDir().map(d -> d + ", ").orElse("") + project.root() + " and ~/.mbt/)",
        "create profiles.yaml in the project root with a '" + project.profile() + ":' profile ('mbt init' writes one)")));
    String display = file.startsWith(project.root()) ? project.root().relativize(file).toString() : file.toString();
    ProfileLoader.ResolvedTarget target = ProfileLoader.load(file, display, project.profile(), options.target(), renderer, problems);
    return new ProfileLoader.ResolvedTarget(target.config(), target.node(), file.toString().equals(display) ? display : display, target.yamlPath());
  }

  private Optional<LocalDate> executionDate(Map<String, String> vars, CompileOptions options, Problems problems) {
    String text = vars.get("execution_date");
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    Location where = new Location("--vars execution_date", 0, 0);
    try {
      LocalDate date = LocalDate.parse(text.trim());
      LocalDate today = LocalDate.ofInstant(options.clock().instant(), ZoneOffset.UTC);
      if (date.isAfter(today)) {
        problems.error(ErrorCode.INVALID_VALUE, where, "execution_date",
            "execution_date " + date + " is in the future (today is " + today + "); its windows would read data that does not exist yet",
            "use a date up to today");
        return Optional.empty();
      }
      return Optional.of(date);
    } catch (DateTimeParseException e) {
      problems.error(ErrorCode.INVALID_VALUE, where, "execution_date", "execution_date '" + text + "' is not a date",
          "write it as YYYY-MM-DD, e.g. --vars execution_date=2026-02-01");
      return Optional.empty();
    }
  }

  /** Phase 3: every adapter the pipeline and target name must be installed, and accept its config. */
  private String validatePlugins(Pipeline pipeline, YNode doc, ProfileLoader.ResolvedTarget target, Problems problems) {
    List<CompileProblem> found = new ArrayList<>();
    TargetConfig t = target.config();
    checkAdapter(AdapterKind.EXECUTOR, t.executor(), "executor", target, found);
    checkAdapter(AdapterKind.STORAGE, t.storage(), "storage", target, found);
    checkAdapter(AdapterKind.DATA_CONNECTOR, t.dataConnector(), "data_connector", target, found);
    checkAdapter(AdapterKind.MODEL_REGISTRY, t.modelRegistry(), "model_registry", target, found);
    checkAdapter(AdapterKind.SECRETS, t.secrets(), "secrets", target, found);
    t.orchestrator().ifPresent(o -> checkAdapter(AdapterKind.ORCHESTRATOR, o, "orchestrator", target, found));
    String frameworkPlugin = null;
    if (pipeline.training().isPresent()) {
      var mt = pipeline.training().get().modelTraining();
      String path = "training.model_training";
      AdapterDescriptor d = plugins.require(AdapterKind.FRAMEWORK, mt.framework(), YPaths.locate(doc, path + ".framework"), path + ".framework", found);
      if (d instanceof FrameworkDescriptor framework) {
        frameworkPlugin = framework.implementationClass();
        for (ConfigIssue issue : framework.validateConfig(mt.config(), pipeline.project().problemType())) {
          String issuePath = issue.key().isEmpty() ? path + ".config" : path + ".config." + issue.key();
          ErrorCode code = issue.message().contains("does not support") ? ErrorCode.UNSUPPORTED_PROBLEM_TYPE : ErrorCode.INVALID_ADAPTER_CONFIG;
          found.add(CompileProblem.error(code, YPaths.locate(doc, issue.key().isEmpty() ? path + ".framework" : issuePath), issuePath,
              issue.message(), issue.hint()));
        }
      }
    }
    pipeline.serving().ifPresent(s -> {
      plugins.require(AdapterKind.OUTPUT_WRITER, s.output().destination(), YPaths.locate(doc, "serving.output.destination"),
          "serving.output.destination", found);
      s.modelSource().registry().ifPresent(r -> plugins.require(AdapterKind.MODEL_REGISTRY, r,
          YPaths.locate(doc, "serving.model_source.registry"), "serving.model_source.registry", found));
    });
    problems.addAll(found);
    return frameworkPlugin;
  }

  private void checkAdapter(AdapterKind kind, AdapterRef ref, String section, ProfileLoader.ResolvedTarget target, List<CompileProblem> found) {
    String base = target.yamlPath() + "." + section;
    String local = section;
    AdapterDescriptor d = plugins.require(kind, ref.type(), relocate(target, YPaths.locate(target.node(), local + ".type")), base + ".type", found);
    if (d == null) {
      return;
    }
    for (ConfigIssue issue : d.validateConfig(ref.config())) {
      String key = issue.key().isEmpty() ? local + ".config" : local + ".config." + issue.key();
      found.add(CompileProblem.error(ErrorCode.INVALID_ADAPTER_CONFIG, relocate(target, YPaths.locate(target.node(), key)),
          target.yamlPath() + "." + key, issue.message(), issue.hint()));
    }
  }

  private static Location relocate(ProfileLoader.ResolvedTarget target, Location location) {
    return location.isKnown() ? location : new Location(target.file(), 0, 0);
  }

  private static String digest(Map<String, ManifestStep> steps, Manifest.DagSpec dag, TargetConfig target) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("steps", steps);
    content.put("dag", dag);
    content.put("profile", target);
    return "sha256:" + sha256Hex(ManifestJson.write(content).getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(Path file) {
    try {
      return "sha256:" + sha256Hex(Files.readAllBytes(file));
    } catch (IOException e) {
      return "unreadable";
    }
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
