package io.mbt.driver.cli;

import io.mbt.compiler.Compiler;
import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.model.ProjectSpec;
import io.mbt.compiler.validate.PipelineSchema;
import io.mbt.compiler.yaml.YMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --select}: pipeline names and {@code tag:x}, several at once (union). No selector
 * selects every pipeline.
 */
final class Selection {
  private Selection() {}

  static List<String> select(Compiler compiler, List<String> selectors) {
    List<String> all = compiler.catalog().names();
    if (selectors == null || selectors.isEmpty()) {
      return all;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String selector : selectors) {
      for (String s : selector.split("[\\s,]+")) {
        if (s.isBlank()) {
          continue;
        }
        if (s.startsWith("tag:")) {
          String tag = s.substring(4);
          List<String> tagged = all.stream().filter(n -> tags(compiler, n).contains(tag)).toList();
          if (tagged.isEmpty()) {
            throw new UsageException("no pipeline has tag '" + tag + "' (see 'mbt ls --tags')");
          }
          out.addAll(tagged);
        } else {
          compiler.catalog().require(s);
          out.add(s);
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** A pipeline's tags from its resolved YAML (templates not rendered); empty if it does not resolve. */
  static List<String> tags(Compiler compiler, String name) {
    try {
      YMap resolved = compiler.resolve(name);
      return resolved.get("project").flatMap(p -> Optional.ofNullable(
              new io.mbt.compiler.validate.Binder(new io.mbt.compiler.error.Problems()).bind(p, projectShape())))
          .map(ProjectSpec::tags).orElse(List.of());
    } catch (CompileException e) {
      return List.of();
    }
  }

  private static io.mbt.compiler.validate.Shape<ProjectSpec> projectShape() {
    return PipelineSchema.projectShapeForTools();
  }
}
