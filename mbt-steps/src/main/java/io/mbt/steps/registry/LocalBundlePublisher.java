package io.mbt.steps.registry;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.manifest.ManifestJson;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@link ModelRegistry#publishBundle} and {@link ModelRegistry#bundleStatus} of the local registry,
 * under {@code models/<name>/bundles/}:
 *
 * <pre>
 * &lt;fingerprint hex&gt;.json        the claim: fingerprint, manifest digest, registry run, version tags,
 *                               compatibility descriptor (created once, exclusively)
 * manifests/&lt;sha256 hex&gt;.json   the manifest bytes as published (content-addressed)
 * </pre>
 *
 * Publishing: (1) a bundle that breaks {@link CandidateBundles}' rules is REJECTED; (2) if the
 * fingerprint is claimed already, go to 5; (3) store the manifest and log the run, marked {@code
 * model_factory}; (4) create the claim exclusively ({@link ExclusiveFiles}) and read it back: of
 * racing publishers exactly one claim wins, the others continue with the winner's; (5) make sure
 * the claim's run is a version of the model, tagged from the claim (one version per run, also
 * under races); (6) the claim's digest differs from this bundle's: CONFLICT; else PUBLISHED if this
 * call created the version, ALREADY_PUBLISHED if not.
 *
 * <p>Any publisher can finish a claim (step 5), so one killed between 4 and 5 leaves a claim
 * without a version: {@link #status} reports it unpublished and the next publish completes it.
 * Failures before step 5 create no version ({@link RegistryUnavailableException}); failures in it
 * may have ({@link PublishOutcomeUnknownException}). Exact on local files and HDFS; on object
 * stores see {@link ExclusiveFiles} for the window that remains.
 */
final class LocalBundlePublisher {
  private static final String BUNDLES = "bundles";
  private static final String MANIFESTS = "manifests";

  /** {@code bundles/<fingerprint hex>.json}. */
  record Claim(int formatVersion, String modelName, String bundleFingerprint, String manifestSha256, String registryRunId,
      Map<String, String> versionTags, Map<String, Object> compatibility, String claimedAt) {}

  private final LocalModelRegistry registry;
  private final Runnable beforeClaim;

  LocalBundlePublisher(LocalModelRegistry registry) {
    this(registry, () -> {});
  }

  /** @param beforeClaim runs between logging the run and claiming the fingerprint: tests line racing publishers up on it */
  LocalBundlePublisher(LocalModelRegistry registry, Runnable beforeClaim) {
    this.registry = requireNonNull(registry, "registry is null");
    this.beforeClaim = requireNonNull(beforeClaim, "beforeClaim is null");
  }

  PublishResult publish(BundleToPublish bundle) {
    Optional<PublishResult> rejected = CandidateBundles.check(bundle);
    if (rejected.isPresent()) {
      return rejected.get();
    }
    String model = bundle.modelName();
    Path bundles = new Path(registry.modelDir(model), BUNDLES);
    Path claimFile = claimFile(bundles, bundle.bundleFingerprint());
    Claim claim;
    try {
      FileSystem fs = bundles.getFileSystem(registry.hadoop());
      Optional<Claim> existing = readClaim(fs, claimFile);
      if (existing.isPresent()) {
        claim = existing.get();
      } else {
        LocalModelRegistry.claim(fs, new Path(new Path(bundles, MANIFESTS), hex(bundle.manifestSha256()) + ".json"), bundle.manifest());
        String runId = registry.logRun(bundle.run(), Optional.of(CandidateBundles.SOURCE_MODEL_FACTORY));
        beforeClaim.run();
        Claim ours = new Claim(1, model, bundle.bundleFingerprint(), bundle.manifestSha256(), runId, CandidateBundles.versionTags(bundle),
            bundle.compatibility(), Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        LocalModelRegistry.claim(fs, claimFile, ManifestJson.mapper().writeValueAsBytes(ours));
        // Read back whether ours won or not: on object stores a create may "succeed" for two writers.
        claim = readClaim(fs, claimFile).orElseThrow(() -> new IOException("the claim " + claimFile + " vanished right after it was created"));
      }
    } catch (IOException e) {
      throw unavailable(bundle, claimFile, e);
    } catch (RegistryException e) {
      if (e.getCause() instanceof IOException io) {
        throw unavailable(bundle, claimFile, io);
      }
      throw e;
    }

    LocalModelRegistry.RegisteredVersion version;
    try {
      version = registry.registerVersion(model, claim.registryRunId(), claim.versionTags());
    } catch (IOException | RegistryException e) {
      throw new PublishOutcomeUnknownException(model, bundle.bundleFingerprint(), "publishing bundle " + bundle.bundleFingerprint() + " to model '"
          + model + "' in the registry at " + registry.uri() + " failed while creating its version (" + e.getMessage()
          + "); the version may exist: probe bundleStatus before publishing again", e);
    }
    String number = Long.toString(version.document().version());
    if (!claim.manifestSha256().equals(bundle.manifestSha256())) {
      return PublishResult.conflict(model, bundle.bundleFingerprint(), number, claim.registryRunId(), claim.manifestSha256(), bundle.manifestSha256());
    }
    if (version.created()) {
      return PublishResult.published(model, number, claim.registryRunId(), "bundle " + bundle.bundleFingerprint() + " is version " + number
          + " of model '" + model + "' (run " + claim.registryRunId() + "), a candidate: promote it with mbt registry promote");
    }
    return PublishResult.alreadyPublished(model, number, claim.registryRunId(), "bundle " + bundle.bundleFingerprint() + " was published before as"
        + " version " + number + " of model '" + model + "' (run " + claim.registryRunId() + "); nothing was written");
  }

  Optional<PublishedBundle> status(String modelName, String bundleFingerprint) {
    CandidateBundles.requireFingerprint(bundleFingerprint);
    Path claimFile = claimFile(new Path(registry.modelDir(modelName), BUNDLES), bundleFingerprint);
    try {
      Optional<Claim> claim = readClaim(claimFile.getFileSystem(registry.hadoop()), claimFile);
      if (claim.isEmpty()) {
        return Optional.empty();
      }
      String runId = claim.get().registryRunId();
      Optional<LocalModelRegistry.VersionDocument> version =
          registry.versionDocuments(modelName).stream().filter(v -> v.runId().equals(runId)).findFirst();
      if (version.isEmpty()) {
        return Optional.empty(); // claimed, but its publisher stopped before the version: publishing again completes it
      }
      List<String> aliases = new ArrayList<>();
      for (String alias : registry.aliases(modelName)) {
        if (registry.aliasRunId(modelName, alias).filter(runId::equals).isPresent()) {
          aliases.add(alias);
        }
      }
      LocalModelRegistry.VersionDocument doc = version.get();
      return Optional.of(new PublishedBundle(modelName, Long.toString(doc.version()), runId, bundleFingerprint, claim.get().manifestSha256(),
          Instant.parse(doc.createdAt()), doc.tagsOrEmpty(), aliases));
    } catch (IOException e) {
      throw new RegistryUnavailableException("reading the status of bundle " + bundleFingerprint + " of model '" + modelName + "' from "
          + claimFile + " failed: " + e + ". Check that the registry path is reachable with the configured credentials, then probe again", e);
    } catch (RegistryException e) {
      if (e.getCause() instanceof IOException io) {
        throw new RegistryUnavailableException(e.getMessage(), io);
      }
      throw e;
    }
  }

  private static Path claimFile(Path bundles, String fingerprint) {
    return new Path(bundles, hex(fingerprint) + ".json");
  }

  private static Optional<Claim> readClaim(FileSystem fs, Path file) throws IOException {
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(LocalModelRegistry.readClaimed(fs, file, Claim.class));
  }

  private static String hex(String sha256) {
    return sha256.substring("sha256:".length());
  }

  private RegistryUnavailableException unavailable(BundleToPublish bundle, Path claimFile, IOException e) {
    return new RegistryUnavailableException("publishing bundle " + bundle.bundleFingerprint() + " to model '" + bundle.modelName()
        + "' in the registry at " + registry.uri() + " failed before its version was created (" + claimFile + "): " + e
        + ". No version exists; check that the registry path is reachable and writable, then publish again", e);
  }
}
