package io.mbt.compiler.resolve;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.error.Suggestions;
import io.mbt.compiler.yaml.YMap;
import io.mbt.compiler.yaml.YNode;
import io.mbt.compiler.yaml.YScalar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Phase 1: turns a pipeline file into one standalone document — includes expanded, the base
 * pipeline (single level) deep-merged underneath.
 */
public final class PipelineResolver {
  private final Path projectRoot;
  private final List<Path> pipelineDirs;
  private final IncludeResolver.SourceFiles sources;
  private final IncludeResolver includes;

  public PipelineResolver(Path projectRoot, List<Path> pipelineDirs, IncludeResolver.SourceFiles sources) {
    this.projectRoot = projectRoot;
    this.pipelineDirs = List.copyOf(pipelineDirs);
    this.sources = sources;
    this.includes = new IncludeResolver(projectRoot, sources);
  }

  /** The resolved document of {@code file}, with {@code base_pipeline} consumed. */
  public YMap resolve(Path file) {
    YMap child = asMap(includes.resolve(sources.read(file), file), sources.display(file));
    Optional<YNode> baseRef = child.get("base_pipeline").filter(n -> !(n instanceof YScalar s && s.isNull()));
    if (baseRef.isEmpty()) {
      return child.without("base_pipeline");
    }
    Path baseFile = locateBase(baseRef.get(), file);
    YMap base = asMap(includes.resolve(sources.read(baseFile), baseFile), sources.display(baseFile));
    base.get("base_pipeline").filter(n -> !(n instanceof YScalar s && s.isNull())).ifPresent(chained -> {
      throw new CompileException(CompileProblem.error(ErrorCode.CHAINED_BASE, chained.location(), "base_pipeline",
          sources.display(file) + " extends " + sources.display(baseFile) + ", which itself extends '" + text(chained)
              + "'; base pipelines are single-level",
          "merge the two bases into one, or move the shared part into an !include fragment"));
    });
    return (YMap) DeepMerge.merge(base, child.without("base_pipeline"));
  }

  private Path locateBase(YNode ref, Path file) {
    if (!(ref instanceof YScalar s) || s.text().isBlank()) {
      throw new CompileException(CompileProblem.error(ErrorCode.WRONG_TYPE, ref.location(), "base_pipeline",
          "expected the name of a base pipeline, found " + ref.describe(), "write e.g. 'base_pipeline: _base_churn'"));
    }
    String name = s.text().trim();
    List<Path> candidates = new ArrayList<>();
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      candidates.add(projectRoot.resolve(name).normalize());
      candidates.add(file.getParent().resolve(name).normalize());
    } else {
      for (Path dir : pipelineDirs) {
        candidates.add(dir.resolve(name + ".yaml"));
        candidates.add(dir.resolve(name + ".yml"));
      }
    }
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        if (candidate.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
          throw new CompileException(CompileProblem.error(ErrorCode.CHAINED_BASE, ref.location(), "base_pipeline",
              "a pipeline cannot be its own base", "name another file"));
        }
        return candidate;
      }
    }
    List<String> known = new ArrayList<>();
    for (Path dir : pipelineDirs) {
      try (var files = Files.list(dir)) {
        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
            .map(n -> n.substring(0, n.lastIndexOf('.'))).forEach(known::add);
      } catch (java.io.IOException e) {
        // a missing directory just has no candidates
      }
    }
    throw new CompileException(CompileProblem.error(ErrorCode.BASE_NOT_FOUND, ref.location(), "base_pipeline",
        "base pipeline '" + name + "' not found" + Suggestions.didYouMean(name, known),
        "put " + name + ".yaml in " + pipelineDirs.stream().map(sources::display).toList() + " (base pipelines start with '_' by convention)"));
  }

  private static YMap asMap(YNode node, String file) {
    if (node instanceof YMap map) {
      return map;
    }
    throw new CompileException(CompileProblem.error(ErrorCode.WRONG_TYPE, node.location().isKnown() ? node.location() : new Location(file, 1, 1), "",
        "a pipeline file must be a YAML mapping (schema_version, project, training or serving), found " + node.describe(),
        "start the file with 'schema_version: 1'"));
  }

  private static String text(YNode node) {
    return node instanceof YScalar s ? s.text() : node.describe();
  }
}
