package io.mbt.steps.validation;

import io.mbt.compiler.model.CheckSpec;

/**
 * A check ready to run: it registers the aggregates it needs in the shared pass, then judges the
 * results. Schema checks register nothing.
 */
interface PlannedCheck {
  CheckSpec spec();

  default void plan(AggregatePass pass) {}

  Finding evaluate(AggregatePass pass, ProfileStats stats);
}
