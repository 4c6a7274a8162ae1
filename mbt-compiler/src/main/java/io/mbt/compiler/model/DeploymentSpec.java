package io.mbt.compiler.model;

import java.util.Optional;

/** {@code deployment:} — informational cadence plus an optional cron schedule for generated DAGs. */
public record DeploymentSpec(DeploymentMode mode, Optional<String> cadence, Optional<String> schedule) {
  public static DeploymentSpec defaults() {
    return new DeploymentSpec(DeploymentMode.BATCH, Optional.empty(), Optional.empty());
  }
}
