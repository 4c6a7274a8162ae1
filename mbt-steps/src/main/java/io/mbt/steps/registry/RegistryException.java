package io.mbt.steps.registry;

/**
 * A model registry could not be read or written (unreachable server, storage error). Serving may
 * fall back to {@code fallback_run_id} on it.
 */
public class RegistryException extends RuntimeException {
  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
