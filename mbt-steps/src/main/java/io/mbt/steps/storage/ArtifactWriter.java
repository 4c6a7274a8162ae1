package io.mbt.steps.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes an artifact's content. It may be called again, on a fresh stream, when a write is retried,
 * so it must write the same content each time.
 */
@FunctionalInterface
public interface ArtifactWriter {
  void writeTo(OutputStream out) throws IOException;
}
