package io.mbt.mf.race;

import io.mbt.mf.admission.MfContext;
import io.mbt.mf.bundle.BundleCandidate;
import io.mbt.mf.engine.TrainOutput;
import io.mbt.mf.identity.Digests;
import io.mbt.mf.publish.CandidateRegistry;
import io.mbt.mf.publish.PublishResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A candidate registry in a directory, so that what one process published is there for the next
 * one (a process killed mid-publish leaves its version behind, as a real registry would). One file
 * per version, named by the bundle fingerprint, holding the digest of the bundle bytes; created
 * with a hard link so two publishers of one fingerprint cannot both create it.
 *
 * <p>{@link Hooks} run just before the version is created and just after, before the answer
 * returns: a child JVM blocks there to be killed at a precise point of the publish.
 */
final class FileRegistry implements CandidateRegistry {
  /** Where a test may stop a publish. */
  interface Hooks {
    Hooks NONE = new Hooks() {};

    default void beforeCreate(String fingerprint) {}

    default void afterCreate(String fingerprint) {}
  }

  private final Path directory;
  private final Hooks hooks;

  FileRegistry(Path directory, Hooks hooks) {
    this.directory = directory;
    this.hooks = hooks;
  }

  FileRegistry(Path directory) {
    this(directory, Hooks.NONE);
  }

  /** The versions the registry holds, one per fingerprint. */
  List<String> versions() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".version")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public PublishResponse publish(BundleCandidate candidate, TrainOutput trained, MfContext context) throws Unavailable {
    String digest = Digests.sha256(candidate.canonicalBytes());
    Path version = versionFile(candidate.fingerprint());
    hooks.beforeCreate(candidate.fingerprint());
    boolean created = create(version, digest);
    hooks.afterCreate(candidate.fingerprint());
    String held = read(version);
    if (created) {
      return new PublishResponse(PublishResponse.Outcome.PUBLISHED, candidate.modelName(), Optional.of(version.getFileName().toString()),
          Optional.empty(), List.of(), "registered");
    }
    if (held.equals(digest)) {
      return new PublishResponse(PublishResponse.Outcome.ALREADY_PUBLISHED, candidate.modelName(),
          Optional.of(version.getFileName().toString()), Optional.empty(), List.of(), "already registered");
    }
    return new PublishResponse(PublishResponse.Outcome.CONFLICT, candidate.modelName(), Optional.of(version.getFileName().toString()),
        Optional.empty(), List.of("FINGERPRINT_BYTES_DIFFER"), "a version with this fingerprint holds other bytes");
  }

  @Override
  public Optional<PublishResponse> status(String modelName, String fingerprint) {
    Path version = versionFile(fingerprint);
    return Files.exists(version) ? Optional.of(new PublishResponse(PublishResponse.Outcome.ALREADY_PUBLISHED, modelName,
        Optional.of(version.getFileName().toString()), Optional.empty(), List.of(), "found by status probe")) : Optional.empty();
  }

  private Path versionFile(String fingerprint) {
    return directory.resolve(Digests.hex(fingerprint).substring(0, 32) + ".version");
  }

  private boolean create(Path version, String digest) {
    try {
      Files.createDirectories(directory);
      Path temporary = directory.resolve("." + UUID.randomUUID() + ".tmp");
      Files.writeString(temporary, digest);
      try {
        Files.createLink(version, temporary);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.delete(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path version) {
    try {
      return Files.readString(version, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
