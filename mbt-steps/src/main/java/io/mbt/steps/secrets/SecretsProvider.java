package io.mbt.steps.secrets;

import java.util.Map;

/**
 * Where credentials live (blueprint §12): the run-time side of the {@code secrets} adapter kind.
 * Implementations are found with {@link java.util.ServiceLoader} by {@link #name()}.
 */
public interface SecretsProvider {
  String name();

  /** Prepares the provider with the profile's {@code secrets.config}. */
  default void configure(Map<String, Object> config) {}

  /**
   * The secret's value.
   *
   * @throws IllegalStateException if there is no such secret; the message names the key (never a value)
   */
  String secret(String key);

  /** Whether the backend is reachable; {@code mbt debug} reports it. */
  default boolean validateAccess() {
    return true;
  }
}
