package io.mbt.steps.runner;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where one run puts its artifacts and run_results.json, and the handle its caller can stop it
 * with. {@link #defaults()} is what the CLI uses: artifacts under the target's storage ({@code
 * <storage root>/<pipeline>}), run_results.json in the runner's results directory, and a
 * cancellation no one else holds.
 *
 * @param artifactRoot the artifact store root (a URI or a local path); the run's artifacts are then
 *     at {@code <root>/<run id>/<step>/<artifact>}
 * @param resultsFile the run_results.json to write, and to read back when the run is resumed (a local
 *     file)
 * @param cancellation checked between steps; cancelling it stops the running step's Spark jobs
 */
public record RunOptions(Optional<String> artifactRoot, Optional<Path> resultsFile, RunCancellation cancellation) {
  public RunOptions {
    requireNonNull(artifactRoot, "artifactRoot is null");
    requireNonNull(resultsFile, "resultsFile is null");
    requireNonNull(cancellation, "cancellation is null");
    if (artifactRoot.isPresent() && artifactRoot.get().isBlank()) {
      throw new IllegalArgumentException("an artifact root must not be blank; give a URI such as s3a://bucket/mf/runs/<id>/attempt-1");
    }
  }

  /** Artifacts and results where the profile and the runner put them; not cancellable from outside. */
  public static RunOptions defaults() {
    return new RunOptions(Optional.empty(), Optional.empty(), new RunCancellation());
  }

  /** These options with the artifact store rooted at {@code root}. */
  public RunOptions withArtifactRoot(String root) {
    return new RunOptions(Optional.of(requireNonNull(root, "root is null")), resultsFile, cancellation);
  }

  /** These options writing run_results.json to {@code file}. */
  public RunOptions withResultsFile(Path file) {
    return new RunOptions(artifactRoot, Optional.of(requireNonNull(file, "file is null")), cancellation);
  }

  /** These options stopped by {@code handle}. */
  public RunOptions withCancellation(RunCancellation handle) {
    return new RunOptions(artifactRoot, resultsFile, handle);
  }
}
