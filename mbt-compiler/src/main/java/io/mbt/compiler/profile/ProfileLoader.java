package io.mbt.compiler.profile;

import static io.mbt.compiler.validate.Shapes.object;
import static io.mbt.compiler.validate.Shapes.string;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.error.Problems;
import io.mbt.compiler.error.Suggestions;
import io.mbt.compiler.model.Resources;
import io.mbt.compiler.resolve.DeepMerge;
import io.mbt.compiler.template.TemplateRenderer;
import io.mbt.compiler.validate.Binder;
import io.mbt.compiler.validate.Shape;
import io.mbt.compiler.validate.Shapes;
import io.mbt.compiler.yaml.YMap;
import io.mbt.compiler.yaml.YNode;
import io.mbt.compiler.yaml.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code profiles.yaml} and resolves one target. The file is looked for in an explicit
 * directory, then the project root, then {@code ~/.mbt/}. The target is {@code --target}, else
 * {@code MBT_TARGET}, else the profile's {@code target:}.
 */
public final class ProfileLoader {
  public static final String FILE_NAME = "profiles.yaml";
  private static final List<String> SECTIONS = List.of("executor", "storage", "data_connector", "model_registry", "secrets", "orchestrator",
      "resources", "spark", "observability", "mlflow", "mf");

  private ProfileLoader() {}

  /** Where profiles.yaml is, in lookup order; empty if none exists. */
  public static Optional<Path> locate(Optional<Path> explicitDir, Path projectRoot) {
    List<Path> candidates = new ArrayList<>();
    explicitDir.ifPresent(d -> candidates.add(d.resolve(FILE_NAME)));
    candidates.add(projectRoot.resolve(FILE_NAME));
    String home = System.getProperty("user.home");
    if (home != null) {
      candidates.add(Path.of(home, ".mbt", FILE_NAME));
    }
    return candidates.stream().filter(Files::isRegularFile).findFirst();
  }

  /**
   * Resolves {@code profileName}'s target.
   *
   * @param requestedTarget {@code --target}; empty to fall back to {@code MBT_TARGET} and the profile default
   */
  public static ResolvedTarget load(Path file, String displayName, String profileName, Optional<String> requestedTarget,
      TemplateRenderer renderer, Problems problems) {
    YNode root = YamlReader.readFile(file, displayName);
    if (!(root instanceof YMap profiles)) {
      throw new CompileException(CompileProblem.error(ErrorCode.WRONG_TYPE, root.location(), "",
          "profiles.yaml must map profile names to profiles, found " + root.describe(), "start with '" + profileName + ":'"));
    }
    YNode profileNode = profiles.get(profileName).orElseThrow(() -> new CompileException(CompileProblem.error(ErrorCode.PROFILE_NOT_FOUND,
        new Location(displayName, 1, 1), "", "profile '" + profileName + "' not found in " + displayName
            + Suggestions.didYouMean(profileName, profiles.keys()) + "; profiles: " + String.join(", ", profiles.keys()),
        "add a '" + profileName + ":' section, or set 'profile:' in mbt_project.yaml to one of the existing profiles")));
    if (!(profileNode instanceof YMap profile)) {
      throw new CompileException(CompileProblem.error(ErrorCode.WRONG_TYPE, profileNode.location(), profileName,
          "expected a mapping with target and outputs, found " + profileNode.describe(), "see the profiles section of the README"));
    }
    checkProfileKeys(profile, profileName, problems);
    YMap outputs = profile.get("outputs").filter(YMap.class::isInstance).map(YMap.class::cast).orElseThrow(() -> new CompileException(
        CompileProblem.error(ErrorCode.MISSING_REQUIRED, profile.location(), profileName + ".outputs", "profile has no 'outputs' mapping of targets",
            "add 'outputs:' with at least one target, e.g. 'dev: {storage: {type: local, config: {base_path: ./local_artifacts}}}'")));
    String defaultTarget = profile.get("target").map(n -> renderer.render(n, profileName + ".target", problems))
        .map(n -> n instanceof io.mbt.compiler.yaml.YScalar s ? s.text() : null).orElse(null);
    String envTarget = renderer.context().environment().apply("MBT_TARGET");
    String targetName = requestedTarget.filter(t -> !t.isBlank())
        .orElse(envTarget != null && !envTarget.isBlank() ? envTarget : defaultTarget != null ? defaultTarget
            : outputs.keys().size() == 1 ? outputs.keys().iterator().next() : null);
    if (targetName == null) {
      throw new CompileException(CompileProblem.error(ErrorCode.TARGET_NOT_FOUND, profile.location(), profileName + ".target",
          "no target chosen: pass --target, set MBT_TARGET, or give the profile a default", "add 'target: dev' under '" + profileName + ":'"));
    }
    YNode targetNode = outputs.get(targetName).orElseThrow(() -> new CompileException(CompileProblem.error(ErrorCode.TARGET_NOT_FOUND,
        outputs.location(), profileName + ".outputs", "target '" + targetName + "' is not defined in profile '" + profileName + "'"
            + Suggestions.didYouMean(targetName, outputs.keys()) + "; targets: " + String.join(", ", outputs.keys()),
        "use one of the defined targets, or add '" + targetName + ":' under outputs")));
    // Profile-wide sections, with the target's own sections merged over them.
    YMap shared = profile.without("outputs").without("target");
    YNode merged = DeepMerge.merge(shared, targetNode);
    YNode rendered = renderer.render(merged, profileName + ".outputs." + targetName, problems);
    TargetConfig config = bindTarget(rendered, profileName, targetName, problems);
    return new ResolvedTarget(config, rendered, displayName, profileName + ".outputs." + targetName);
  }

  /** A bound target plus the rendered YAML it came from, so adapter config problems can point at lines. */
  public record ResolvedTarget(TargetConfig config, YNode node, String file, String yamlPath) {}

  private static void checkProfileKeys(YMap profile, String profileName, Problems problems) {
    List<String> allowed = new ArrayList<>(SECTIONS);
    allowed.add("target");
    allowed.add("outputs");
    for (var entry : profile.entries().values()) {
      if (!allowed.contains(entry.key())) {
        problems.error(ErrorCode.UNKNOWN_KEY, entry.keyLocation(), profileName + "." + entry.key(),
            "unknown profile key '" + entry.key() + "'" + Suggestions.didYouMean(entry.key(), allowed), "allowed: " + String.join(", ", allowed));
      }
    }
  }

  private static TargetConfig bindTarget(YNode node, String profile, String target, Problems problems) {
    Binder binder = new Binder(problems);
    String path = profile + ".outputs." + target;
    Shape<TargetConfig> shape = object("a target", f -> {
      AdapterRef executor = f.optionalOrElse("executor", adapter(), () -> AdapterRef.of("local", Map.of()));
      AdapterRef storage = f.optionalOrElse("storage", adapter(), () -> AdapterRef.of("local", Map.of("base_path", "./local_artifacts")));
      AdapterRef connector = f.optionalOrElse("data_connector", adapter(), () -> AdapterRef.of("local_file", Map.of("data_path", "./sample_data")));
      Optional<Map<String, Object>> mlflow = f.optional("mlflow", Shapes.plainMap());
      AdapterRef registry = f.optionalOrElse("model_registry", adapter(), () -> mlflow
          .map(m -> AdapterRef.of("mlflow", m))
          .orElse(AdapterRef.of("local", Map.of("path", "./mbt_registry"))));
      AdapterRef secrets = f.optionalOrElse("secrets", secretsShape(), () -> AdapterRef.of("env", Map.of()));
      Optional<AdapterRef> orchestrator = f.optional("orchestrator", adapter());
      Resources resources = f.optionalOrElse("resources", object("resources", r -> new Resources(
          r.optional("cpu", Shapes.cpuQuantity()), r.optional("memory", Shapes.memoryQuantity()), r.optional("gpu", Shapes.smallInt(0, 64)))),
          Resources::none);
      TargetConfig.SparkSettings spark = f.optionalOrElse("spark", object("spark settings", s -> {
        Optional<String> master = s.optional("master", string());
        Map<String, Object> conf = s.optional("conf", Shapes.plainMap(), Map.of());
        Map<String, String> text = new LinkedHashMap<>();
        conf.forEach((k, v) -> text.put(k, String.valueOf(v)));
        return new TargetConfig.SparkSettings(master, text);
      }), TargetConfig.SparkSettings::defaults);
      Map<String, Object> observability = f.optional("observability", Shapes.plainMap(), Map.of());
      MfSettings mf = f.optionalOrElse("mf", mfShape(), MfSettings::defaults);
      return new TargetConfig(profile, target, executor, storage, connector, registry, secrets, orchestrator, resources, spark, observability,
          mf);
    });
    TargetConfig config = shape.bind(node, path, binder);
    return config;
  }

  /** {@code mf: {root, single_writer, lease: {ttl_seconds, heartbeat_seconds}, signals: {sink}}}. */
  static Shape<MfSettings> mfShape() {
    return object("the Model Factory settings", f -> {
      Optional<String> root = f.optional("root", string());
      boolean singleWriter = f.optional("single_writer", Shapes.bool(), false);
      long[] lease = f.optionalOrElse("lease", object("lease settings", l -> new long[] {
          l.optional("ttl_seconds", Shapes.integer(5, 86_400), MfSettings.DEFAULT_TTL_SECONDS),
          l.optional("heartbeat_seconds", Shapes.integer(1, 3_600), MfSettings.DEFAULT_HEARTBEAT_SECONDS)}),
          () -> new long[] {MfSettings.DEFAULT_TTL_SECONDS, MfSettings.DEFAULT_HEARTBEAT_SECONDS});
      String sink = f.optionalOrElse("signals", object("signal settings", s -> {
        String value = s.optional("sink", string(), "log");
        if (value != null && !value.equals("none") && !value.equals("log") && !value.matches("[A-Za-z][A-Za-z0-9+.-]*:.+")) {
          s.binder().error(ErrorCode.INVALID_VALUE, s.location(), s.path() + ".sink", "signals.sink must be none, log, or a directory URI for "
              + "control facts, but was '" + value + "'", "e.g. sink: log, or sink: s3a://bucket/mf/facts");
        }
        return value;
      }), () -> "log");
      if (lease != null && lease[1] * 2 > lease[0]) {
        f.binder().error(ErrorCode.INVALID_VALUE, f.location(), f.path() + ".lease", "lease.heartbeat_seconds (" + lease[1]
            + ") must be at most half of lease.ttl_seconds (" + lease[0] + "), or a live holder's lease could expire between beats",
            "e.g. lease: {ttl_seconds: 120, heartbeat_seconds: 30}");
      }
      return lease == null ? MfSettings.defaults() : new MfSettings(root, singleWriter, lease[0], lease[1], sink);
    });
  }

  /** {@code {type: x, config: {...}}}. */
  static Shape<AdapterRef> adapter() {
    return object("an adapter with type and config", f -> {
      String type = f.required("type", Shapes.identifier());
      Map<String, Object> config = f.optional("config", Shapes.plainMap(), Map.of());
      return type == null ? null : AdapterRef.of(type, config);
    });
  }

  /** The blueprint writes {@code secrets: {provider: env}}; {@code type:} is accepted too. */
  static Shape<AdapterRef> secretsShape() {
    return object("a secrets provider with provider and config", f -> {
      boolean hasProvider = f.has("provider");
      String type = hasProvider ? f.required("provider", Shapes.identifier()) : f.required("type", Shapes.identifier());
      f.allow("provider", "type");
      Map<String, Object> config = f.optional("config", Shapes.plainMap(), Map.of());
      return type == null ? null : AdapterRef.of(type, config);
    });
  }
}
