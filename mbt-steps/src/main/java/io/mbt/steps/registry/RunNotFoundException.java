package io.mbt.steps.registry;

/** The registry has no run with the requested id. */
public class RunNotFoundException extends RegistryException {
  public RunNotFoundException(String message) {
    super(message, null);
  }
}
