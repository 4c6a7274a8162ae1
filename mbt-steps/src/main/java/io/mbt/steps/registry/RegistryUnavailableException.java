package io.mbt.steps.registry;

/**
 * The registry could not be reached or written, and no model version was created: safe to retry
 * (with bounded backoff). Some bookkeeping may have been written before the failure (a logged run
 * that is never served, a stored manifest), which a retry reuses or replaces.
 *
 * <p>A {@link RegistryException}, so code that treats any registry failure alike (serving's {@code
 * fallback_run_id}, {@code log_run}) keeps doing so; a publisher catches this type first.
 */
public class RegistryUnavailableException extends RegistryException {
  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
