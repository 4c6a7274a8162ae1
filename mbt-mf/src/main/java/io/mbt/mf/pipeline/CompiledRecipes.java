package io.mbt.mf.pipeline;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.CompileOptions;
import io.mbt.compiler.Compiler;
import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestStep;
import io.mbt.mf.admission.RecipeSource;
import io.mbt.mf.identity.Digests;
import io.mbt.steps.registry.RegisteredModelName;
import io.mbt.steps.training.RunGatherer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Training recipes from an MBT project: a pipeline compiled for the request's target. The recipe's
 * identity is the pipeline as written (base pipelines and includes merged, templates unrendered,
 * no profile), so moving a run from one target to another never changes its {@code
 * train_run_id}; the compiled manifest is what the engine runs.
 */
public final class CompiledRecipes implements RecipeSource {
  /** The digest domain of a resolved pipeline. */
  public static final String DOMAIN = "mf_recipe_v1";

  private final Compiler compiler;
  private final CompileOptions options;

  /** @param options the base compile options (vars, profiles dir); the target comes from each request */
  public CompiledRecipes(Compiler compiler, CompileOptions options) {
    this.compiler = requireNonNull(compiler, "compiler is null");
    this.options = requireNonNull(options, "options is null");
  }

  /** A recipe and the manifest that runs it. */
  public record Compiled(Recipe recipe, Manifest manifest) {
    public Compiled {
      requireNonNull(recipe, "recipe is null");
      requireNonNull(manifest, "manifest is null");
    }
  }

  @Override
  public Recipe resolve(String pipeline, Optional<String> target) throws RecipeException {
    return compile(pipeline, target).recipe();
  }

  /**
   * Compiles {@code pipeline} for {@code target} (the profile's default target if empty).
   *
   * @throws RecipeException if it does not compile, or is not a training pipeline
   */
  public Compiled compile(String pipeline, Optional<String> target) throws RecipeException {
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(target, "target is null");
    try {
      String digest = Digests.tagged(DOMAIN, compiler.resolve(pipeline).toPlain());
      Manifest manifest = compiler.compile(pipeline, target.map(options::withTarget).orElse(options)).manifest();
      ManifestStep load = manifest.steps().get("load_data");
      if (!manifest.steps().containsKey("train_model") || load == null) {
        throw new RecipeException("pipeline " + pipeline + " is not a training pipeline (steps: " + String.join(", ", manifest.steps().keySet())
            + "); the Model Factory trains pipelines with a training section", null);
      }
      RunGatherer.Naming naming = RunGatherer.Naming.of(manifest);
      String modelName = RegisteredModelName.of(manifest.profile().modelRegistry().config(), naming.experiment(), naming.pipeline());
      Optional<String> label = Optional.ofNullable(manifest.steps().get("split_data")).map(s -> s.config().get("label_column"))
          .map(String::valueOf);
      return new Compiled(new Recipe(pipeline, digest, modelName, tables(load), label, manifest.metadata().target()), manifest);
    } catch (CompileException e) {
      throw new RecipeException("pipeline " + pipeline + " does not compile"
          + target.map(t -> " for target " + t).orElse("") + ": "
          + e.errors().stream().map(CompileProblem::format).collect(Collectors.joining("; ")), e);
    }
  }

  /** The tables {@code load_data} reads, its label table first. */
  static List<String> tables(ManifestStep load) {
    List<String> tables = new ArrayList<>();
    Object label = load.config().get("label_table");
    if (label != null) {
      tables.add(String.valueOf(label));
    }
    if (load.config().get("tables") instanceof List<?> list) {
      for (Object entry : list) {
        if (entry instanceof Map<?, ?> table && table.get("table") != null && !tables.contains(String.valueOf(table.get("table")))) {
          tables.add(String.valueOf(table.get("table")));
        }
      }
    }
    return tables;
  }
}
