package io.mbt.compiler.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes manifests; writes go to a temp file renamed into place, so no reader sees half a manifest. */
public final class ManifestFiles {
  public static final String MANIFEST = "manifest.json";

  private ManifestFiles() {}

  public static Path write(Manifest manifest, Path pipelineTargetDir) {
    return writeAtomically(pipelineTargetDir.resolve(MANIFEST), ManifestJson.write(manifest) + "\n");
  }

  public static Manifest read(Path file) {
    try {
      return ManifestJson.mapper().readValue(file.toFile(), Manifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + file + ": " + e.getMessage()
          + " (recompile with 'mbt compile')", e);
    }
  }

  /** Writes {@code text} to {@code file} via a temp file in the same directory and an atomic rename. */
  public static Path writeAtomically(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
