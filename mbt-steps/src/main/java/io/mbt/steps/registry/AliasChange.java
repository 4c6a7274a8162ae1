package io.mbt.steps.registry;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A request to move an alias ({@code mbt registry promote|rollback}).
 *
 * @param modelName the registered model the alias belongs to
 * @param alias e.g. {@code champion}
 * @param action promote or rollback
 * @param runId for promote: the run to point at (required); for rollback: an explicit earlier run,
 *     or empty for the run before the current one
 * @param actor who asks (the CLI uses {@code --actor}, else the OS user)
 * @param reason why (required: an audit record without a reason explains nothing)
 */
public record AliasChange(String modelName, String alias, AliasAction action, Optional<String> runId, String actor, String reason) {
  public AliasChange {
    requireNonNull(modelName, "modelName is null");
    requireNonNull(alias, "alias is null");
    requireNonNull(action, "action is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(actor, "actor is null");
    requireNonNull(reason, "reason is null");
    if (action == AliasAction.PROMOTE && runId.isEmpty()) {
      throw new IllegalArgumentException("promote needs the run id to point alias '" + alias + "' at");
    }
    if (reason.isBlank()) {
      throw new IllegalArgumentException("moving alias '" + alias + "' needs a reason; it is kept in the alias's audit log");
    }
  }
}
