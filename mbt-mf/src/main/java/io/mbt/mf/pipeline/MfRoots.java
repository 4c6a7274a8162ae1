package io.mbt.mf.pipeline;

import io.mbt.compiler.profile.TargetConfig;
import io.mbt.steps.runner.StorageRoots;
import java.nio.file.Path;

/** Where a target's Model Factory keeps its ledger, runs and pinned datasets. */
public final class MfRoots {
  private MfRoots() {}

  /** The target's {@code mf.root}, else {@code <storage root>/mf}; a relative local path resolves against the project. */
  public static String of(TargetConfig target, Path projectDir) {
    String root = target.mf().root().map(r -> r.contains(":") ? r : projectDir.resolve(r).toAbsolutePath().normalize().toUri().toString())
        .orElseGet(() -> trim(StorageRoots.root(target.storage(), projectDir)) + "/mf");
    return trim(root);
  }

  private static String trim(String uri) {
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }
}
