package io.mbt.steps.runner;

import io.mbt.compiler.manifest.ManifestFiles;
import io.mbt.compiler.manifest.ManifestJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes {@code run_results.json}. A step's details (metrics, check counts, row counts)
 * are written beside its status, as in the blueprint's example, and gathered back on read.
 */
public final class RunResultsFiles {
  private static final List<String> STEP_KEYS = List.of("status", "duration_seconds", "plugin", "config_digest", "input_digests", "outputs", "error");

  private RunResultsFiles() {}

  @SuppressWarnings("unchecked")
  public static void write(Path file, RunResults results) {
    Map<String, Object> json = ManifestJson.toMap(results);
    Map<String, Object> steps = (Map<String, Object>) json.get("steps");
    for (Map.Entry<String, Object> e : steps.entrySet()) {
      Map<String, Object> step = new LinkedHashMap<>((Map<String, Object>) e.getValue());
      Object details = step.remove("details");
      if (details instanceof Map<?, ?> d) {
        ((Map<String, Object>) d).forEach(step::putIfAbsent);
      }
      e.setValue(step);
    }
    ManifestFiles.writeAtomically(file, ManifestJson.write(json) + "\n");
  }

  @SuppressWarnings("unchecked")
  public static Optional<RunResults> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Map<String, Object> json = ManifestJson.mapper().readValue(file.toFile(), LinkedHashMap.class);
      Map<String, Object> steps = (Map<String, Object>) json.getOrDefault("steps", Map.of());
      for (Map.Entry<String, Object> e : steps.entrySet()) {
        Map<String, Object> step = new LinkedHashMap<>((Map<String, Object>) e.getValue());
        Map<String, Object> details = new LinkedHashMap<>();
        step.keySet().removeIf(k -> {
          if (STEP_KEYS.contains(k)) {
            return false;
          }
          details.put(k, step.get(k));
          return true;
        });
        step.put("details", details);
        e.setValue(step);
      }
      return Optional.of(ManifestJson.mapper().convertValue(json, RunResults.class));
    } catch (IOException | IllegalArgumentException e) {
      throw new UncheckedIOException(new IOException("cannot read " + file + ": " + e.getMessage()
          + " (delete it to start a fresh run history)", e));
    }
  }
}
