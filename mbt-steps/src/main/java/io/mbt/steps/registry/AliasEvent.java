package io.mbt.steps.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One recorded move of an alias, as the registry keeps it (append-only; never edited or deleted).
 *
 * @param sequence 1 for the alias's first event, then +1 per event
 * @param modelName the registered model
 * @param alias the alias moved
 * @param action promote or rollback
 * @param fromRunId the run the alias named before (empty for its first promotion)
 * @param toRunId the run it names after
 * @param actor who moved it
 * @param reason why
 * @param at when the registry recorded it
 */
public record AliasEvent(
    long sequence,
    String modelName,
    String alias,
    AliasAction action,
    Optional<String> fromRunId,
    String toRunId,
    String actor,
    String reason,
    Instant at) {
  public AliasEvent {
    requireNonNull(modelName, "modelName is null");
    requireNonNull(alias, "alias is null");
    requireNonNull(action, "action is null");
    requireNonNull(fromRunId, "fromRunId is null");
    requireNonNull(toRunId, "toRunId is null");
    requireNonNull(actor, "actor is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(at, "at is null");
  }
}
