package io.mbt.compiler;

import io.mbt.compiler.profile.AdapterRef;

/**
 * Resolves a serving pipeline's {@code model_source.alias} to the run it names when the pipeline
 * is compiled, so the manifest records which run it will serve (deterministic: the same registry
 * state compiles to the same manifest). The compiler has no registry client; the driver passes one
 * backed by the target's model registry adapter.
 */
@FunctionalInterface
public interface ModelSourceResolver {

  /**
   * The run id {@code alias} of registered model {@code modelName} names in {@code registry}.
   *
   * @throws Unresolved if the alias is not set or the registry cannot be reached; the message says which
   */
  String resolveAlias(AdapterRef registry, String modelName, String alias);

  /** An alias that cannot be resolved; {@link #getMessage()} says why, {@link #hint()} what to do. */
  final class Unresolved extends RuntimeException {
    private final String hint;

    public Unresolved(String message, String hint, Throwable cause) {
      super(message, cause);
      this.hint = hint;
    }

    public String hint() {
      return hint;
    }
  }
}
