package io.mbt.steps.framework.automl;

import io.mbt.compiler.spi.ConfigIssue;
import io.mbt.steps.StepsErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/** The errors of {@code framework: automl}, in the style of {@link StepsErrors}. */
final class AutoMLErrors {
  private AutoMLErrors() {}

  static IllegalArgumentException invalidConfig(List<ConfigIssue> issues) {
    return new IllegalArgumentException(issues.stream()
        .map(issue -> "automl: " + (issue.key().isEmpty() ? "" : issue.key() + ": ")
            + issue.message() + (issue.hint().isEmpty() ? "" : "; " + issue.hint()))
        .collect(Collectors.joining("\n")));
  }

  static IllegalStateException allCandidatesFailed(List<Leaderboard.Failure> failures,
      Throwable first) {
    return new IllegalStateException(
        "automl: all " + failures.size() + " candidate models failed to train; "
            + failures.stream().map(f -> f.modelId() + ": " + f.error())
                .collect(Collectors.joining("; "))
            + ". Check the training data (label and features) and the Spark logs, or restrict"
            + " include_algos to families that train on it",
        first);
  }

  static UncheckedIOException unwritable(String path, IOException cause) {
    return new UncheckedIOException(
        "automl: cannot save the model to " + path + ": " + cause.getMessage(), cause);
  }

  static IllegalArgumentException notAnAutoMLModel(String path) {
    return StepsErrors.wrongModelType("automl", path, "model without automl.json");
  }

  static UncheckedIOException unreadable(String path, String file, IOException cause) {
    return new UncheckedIOException(
        "automl: cannot read " + file + " of the model at " + path + ": " + cause.getMessage()
            + ". The directory is incomplete or was written by another MBT version; retrain",
        cause);
  }
}
