package io.mbt.compiler.validate;

import static io.mbt.compiler.validate.Shapes.bool;
import static io.mbt.compiler.validate.Shapes.enumOf;
import static io.mbt.compiler.validate.Shapes.integer;
import static io.mbt.compiler.validate.Shapes.listOf;
import static io.mbt.compiler.validate.Shapes.object;
import static io.mbt.compiler.validate.Shapes.string;

import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Problems;
import io.mbt.compiler.model.DeploymentMode;
import io.mbt.compiler.model.DeploymentSpec;
import io.mbt.compiler.model.Pipeline;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.ProjectSpec;
import io.mbt.compiler.model.ServingSpec;
import io.mbt.compiler.model.TrainingSpec;
import io.mbt.compiler.yaml.YMap;
import io.mbt.compiler.yaml.YNode;
import io.mbt.compiler.yaml.YScalar;
import java.util.List;
import java.util.Optional;

/**
 * Phase 2: the v1 pipeline schema. Reads a resolved, rendered document into a {@link Pipeline},
 * reporting every problem with its position and YAML path.
 */
public final class PipelineSchema {
  /** The schema version this compiler writes and reads natively. */
  public static final int CURRENT_VERSION = 1;

  private PipelineSchema() {}

  /** Binds a document; problems go to {@code problems}; returns empty when there were errors. */
  public static Optional<Pipeline> bind(YNode root, Problems problems) {
    Binder binder = new Binder(problems);
    if (!(root instanceof YMap map)) {
      binder.wrongType(root, "", "a mapping with schema_version, project and training or serving");
      return Optional.empty();
    }
    checkSchemaVersion(map, binder);
    int before = problems.errorCount();
    Pipeline pipeline = binder.bind(map, pipelineShape());
    return problems.errorCount() > before || pipeline == null ? Optional.empty() : Optional.of(pipeline);
  }

  private static void checkSchemaVersion(YMap map, Binder binder) {
    Optional<YNode> node = map.get("schema_version");
    if (node.isEmpty() || node.get() instanceof YScalar s && s.isNull()) {
      binder.error(ErrorCode.MISSING_SCHEMA_VERSION, map.location(), "schema_version", "missing required key 'schema_version'",
          "add 'schema_version: " + CURRENT_VERSION + "' as the first line of the file");
      return;
    }
    Long version = integer().bind(node.get(), "schema_version", binder);
    if (version == null) {
      return;
    }
    if (version > CURRENT_VERSION || version < 0) {
      binder.error(ErrorCode.UNSUPPORTED_SCHEMA_VERSION, node.get().location(), "schema_version",
          "schema_version " + version + " is not supported by this mbt (it reads versions 0 to " + CURRENT_VERSION + ")",
          version > CURRENT_VERSION ? "upgrade mbt, or write schema_version: " + CURRENT_VERSION : "write schema_version: " + CURRENT_VERSION);
    } else if (version < CURRENT_VERSION) {
      binder.warning(ErrorCode.DEPRECATED_SCHEMA_VERSION, node.get().location(), "schema_version",
          "schema_version " + version + " is deprecated; it is read as version " + CURRENT_VERSION,
          "to migrate: move model_training.config.resources to model_training.resources, name the join of every feature table "
              + "after the first with join_key and join_type, then set schema_version: " + CURRENT_VERSION);
    }
  }

  private static Shape<Pipeline> pipelineShape() {
    return object("a pipeline", f -> {
      f.allow("schema_version", "base_pipeline");
      Long version = f.node().get("schema_version").map(n -> integer().bind(n, "schema_version", new Binder(new Problems()))).orElse(1L);
      ProjectSpec project = f.required("project", projectShape());
      DeploymentSpec deployment = f.optionalOrElse("deployment", deploymentShape(), DeploymentSpec::defaults);
      ProblemType problemType = project == null ? null : project.problemType();
      boolean hasTraining = f.has("training");
      boolean hasServing = f.has("serving");
      if (hasTraining && hasServing) {
        f.check(false, "serving", ErrorCode.CONFLICTING_KEYS, "a pipeline has either 'training' or 'serving', not both",
            "split them into two pipeline files: one training, one serving");
      } else if (!hasTraining && !hasServing) {
        f.binder().error(ErrorCode.MISSING_REQUIRED, f.location(), "", "missing 'training' or 'serving' section",
            "add a 'training:' section (to train a model) or a 'serving:' section (to score with one)");
      }
      Optional<TrainingSpec> training = f.optional("training", TrainingSchema.shape(problemType));
      Optional<ServingSpec> serving = f.optional("serving", ServingSchema.shape(problemType));
      if (project == null || training.isPresent() == serving.isPresent()) {
        return null;
      }
      return new Pipeline(version == null ? CURRENT_VERSION : version.intValue(), project, deployment, training, serving);
    });
  }

  /** The project section alone, for tools that list pipelines by tag. */
  public static Shape<ProjectSpec> projectShapeForTools() {
    return projectShape();
  }

  static Shape<ProjectSpec> projectShape() {
    return object("the project section", f -> {
      String name = f.required("name", Shapes.identifier());
      String experiment = f.optional("experiment_name", string(), name);
      Optional<String> owner = f.optional("owner", string());
      ProblemType problemType = f.required("problem_type", enumOf(ProblemType.class));
      List<String> tags = f.optional("tags", listOf(Shapes.identifier()), List.of());
      Optional<String> description = f.optional("description", string());
      return new ProjectSpec(name, experiment, owner, problemType, tags, description);
    });
  }

  static Shape<DeploymentSpec> deploymentShape() {
    return object("the deployment section", f -> new DeploymentSpec(
        f.optional("mode", enumOf(DeploymentMode.class), DeploymentMode.BATCH),
        f.optional("cadence", string()),
        f.optional("schedule", string())));
  }
}
