package io.mbt.compiler;

import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.model.Pipeline;
import java.util.List;

/** A successful compilation: the manifest, the typed pipeline, and any warnings. */
public record CompileResult(Manifest manifest, Pipeline pipeline, List<CompileProblem> warnings) {
  public CompileResult {
    warnings = List.copyOf(warnings);
  }
}
