package io.mbt.mf.request;

import static io.mbt.compiler.validate.Shapes.object;
import static io.mbt.compiler.validate.Shapes.string;

import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Problems;
import io.mbt.compiler.validate.Binder;
import io.mbt.compiler.validate.Shape;
import io.mbt.compiler.validate.Shapes;
import io.mbt.compiler.yaml.YamlReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a policy profile; every problem located (file:line:column, YAML path, fix). */
public final class PolicyFiles {
  static final List<String> STAGES = List.of("TRAIN", "EVAL", "GATE", "PACKAGE", "PUBLISH");

  private PolicyFiles() {}

  /** @throws io.mbt.compiler.error.CompileException with every problem found */
  public static PolicyProfile parse(String yaml, String displayName) {
    Problems problems = new Problems();
    PolicyProfile policy = shape().bind(YamlReader.read(yaml, displayName), "", new Binder(problems));
    problems.throwIfErrors();
    return policy;
  }

  static Shape<PolicyProfile> shape() {
    return object("a policy profile", f -> {
      String rev = f.required("policy_rev", string());
      Set<String>[] principals = f.required("principals", object("principals {submit, publish}", p -> new Set[] {
          Set.copyOf(p.required("submit", Shapes.nonEmptyListOf(string()))), Set.copyOf(p.optional("publish", Shapes.listOf(string()),
              List.of()))}));
      List<String> required = f.optional("required_metrics", Shapes.listOf(Shapes.identifier()), List.of());
      List<PolicyProfile.GateRule> gates = f.optional("gates", Shapes.listOf(object("a gate {metric, min, max}", g -> {
        String metric = g.required("metric", Shapes.identifier());
        Optional<Double> min = g.optional("min", Shapes.number());
        Optional<Double> max = g.optional("max", Shapes.number());
        if (metric != null && min.isEmpty() && max.isEmpty()) {
          g.binder().error(ErrorCode.MISSING_REQUIRED, g.location(), g.path(), "gate on '" + metric + "' has neither min nor max",
              "add 'min: <value>' (higher is better) or 'max: <value>' (lower is better)");
        }
        return metric == null ? null : new PolicyProfile.GateRule(metric, min, max);
      })), List.of());
      Map<String, Integer> budgets = new LinkedHashMap<>();
      Duration[] backoff = {Duration.ofSeconds(5), Duration.ofSeconds(120)};
      f.optional("retry", object("retry budgets", r -> {
        for (String stage : STAGES) {
          r.optional(stage, Shapes.smallInt(0, 100)).ifPresent(n -> budgets.put(stage, n));
        }
        r.optional("backoff_s", object("backoff {initial, max}", b -> {
          backoff[0] = Duration.ofMillis(Math.round(b.optional("initial", Shapes.number(0, 3600), 5.0) * 1000));
          backoff[1] = Duration.ofMillis(Math.round(b.optional("max", Shapes.number(0, 86_400), 120.0) * 1000));
          return Boolean.TRUE;
        }));
        return Boolean.TRUE;
      }));
      PolicyProfile.Admissibility admissibility = f.optionalOrElse("admissibility", object("admissibility rules", a ->
          new PolicyProfile.Admissibility(
              a.optional("require_pass_proof", Shapes.bool(), true),
              Set.copyOf(a.optional("allowed_dataset_kinds", Shapes.listOf(string()), List.of())),
              a.optional("max_window_days", Shapes.smallInt(1, 36_500)),
              Set.copyOf(a.optional("allowed_privacy_classes", Shapes.listOf(string()), List.of())),
              Set.copyOf(a.optional("blocked_feature_packs", Shapes.listOf(string()), List.of())))),
          PolicyProfile.Admissibility::strictDefaults);
      List<String> compatibility = f.optionalOrElse("compatibility", object("compatibility {required_fields}", c ->
          c.optional("required_fields", Shapes.listOf(Shapes.identifier()), PolicyProfile.DEFAULT_COMPATIBILITY_FIELDS)),
          () -> PolicyProfile.DEFAULT_COMPATIBILITY_FIELDS);
      for (PolicyProfile.GateRule gate : gates == null ? List.<PolicyProfile.GateRule>of() : gates) {
        if (gate != null && required != null && !required.contains(gate.metric())) {
          f.binder().warning(ErrorCode.INVALID_VALUE, f.location(), "gates", "gate metric '" + gate.metric()
              + "' is not in required_metrics, so a run without it fails the gate anyway", "add it to required_metrics");
        }
      }
      if (rev == null || principals == null || required == null || gates == null || admissibility == null || compatibility == null) {
        return null;
      }
      return new PolicyProfile(rev, principals[0], principals[1], required, gates, budgets,
          new PolicyProfile.Backoff(backoff[0], backoff[1]), admissibility, compatibility);
    });
  }
}
