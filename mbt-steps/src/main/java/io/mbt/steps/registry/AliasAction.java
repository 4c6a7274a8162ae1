package io.mbt.steps.registry;

/** A governed change of an alias: every one is kept as an append-only {@link AliasEvent}. */
public enum AliasAction {
  /** Points the alias at a chosen run. */
  PROMOTE,
  /** Points the alias back at the run it named before the promotion that set its current run. */
  ROLLBACK;

  /** {@code promote} / {@code rollback}, as events and the CLI spell it. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
