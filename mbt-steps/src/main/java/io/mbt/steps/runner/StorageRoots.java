package io.mbt.steps.runner;

import io.mbt.compiler.profile.AdapterRef;
import java.nio.file.Path;

/** The artifact root URI of a target's {@code storage} adapter, per pipeline. */
public final class StorageRoots {
  private StorageRoots() {}

  /** {@code <storage root>/<pipeline>}: run artifacts then live at {@code <that>/<run_id>/<step>/<artifact>}. */
  public static String forPipeline(AdapterRef storage, Path projectDir, String pipeline) {
    return trimSlash(root(storage, projectDir)) + "/" + pipeline;
  }

  public static String root(AdapterRef storage, Path projectDir) {
    var c = storage.config();
    return switch (storage.type()) {
      case "local" -> {
        String base = String.valueOf(c.getOrDefault("base_path", "./local_artifacts"));
        yield base.startsWith("file:") ? base : projectDir.resolve(base).toAbsolutePath().normalize().toUri().toString();
      }
      case "s3" -> "s3a://" + c.get("bucket") + prefix(c.get("prefix"));
      case "gcs" -> "gs://" + c.get("bucket") + prefix(c.get("prefix"));
      case "abfs" -> "abfss://" + c.get("container") + "@" + c.get("account") + ".dfs.core.windows.net" + prefix(c.get("prefix"));
      case "uri" -> String.valueOf(c.get("root"));
      default -> throw new IllegalStateException("no storage adapter '" + storage.type() + "' in this runner; use local, s3, gcs, abfs or uri");
    };
  }

  private static String prefix(Object prefix) {
    if (prefix == null || String.valueOf(prefix).isBlank()) {
      return "";
    }
    String p = String.valueOf(prefix);
    return p.startsWith("/") ? trimSlash(p) : "/" + trimSlash(p);
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
