package io.mbt.steps.storage;

/** The artifact asked for does not exist (a killed writer's partial output never does). */
public class ArtifactNotFoundException extends StorageException {
  public ArtifactNotFoundException(String message) {
    super(message, null);
  }
}
