package io.mbt.steps.registry;

import static io.mbt.steps.registry.CandidateFixture.FINGERPRINT;
import static io.mbt.steps.registry.CandidateFixture.OTHER_FINGERPRINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.steps.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Publishing Model Factory candidates to the local registry, on real files. */
class LocalModelRegistryPublishTest {
  private static final SparkSession SPARK = SharedSpark.session();
  private static final String MODEL = "churn";
  private static final String PIPELINE = "churn_lr";
  @TempDir static Path artifacts;
  private static CandidateFixture fixture;
  @TempDir Path root;

  @BeforeAll
  static void train() {
    fixture = CandidateFixture.in(artifacts);
  }

  private LocalModelRegistry registry() {
    return LocalModelRegistry.at(root.toUri().toString(), SPARK.sparkContext().hadoopConfiguration());
  }

  private static BundleToPublish bundle(String mbtRunId) {
    return fixture.bundle(MODEL, FINGERPRINT, "v1", PIPELINE, mbtRunId);
  }

  @Test
  void publishesACandidateVersionTaggedWithItsFingerprintAndMovesNoAlias() {
    LocalModelRegistry registry = registry();
    registry.logRun(fixture.run(PIPELINE, "run_champ", Instant.parse("2026-01-01T10:00:00Z")));
    registry.registerModel(MODEL, "run_champ");
    registry.moveAlias(new AliasChange(MODEL, "champion", AliasAction.PROMOTE, Optional.of("run_champ"), "ana", "first"));
    assertThat(registry.bundleStatus(MODEL, FINGERPRINT)).isEmpty();

    PublishResult result = registry.publishBundle(bundle("mf_run_1"));

    assertThat(result).isEqualTo(PublishResult.published(MODEL, "2", "mf_run_1",
        "bundle " + FINGERPRINT + " is version 2 of model 'churn' (run mf_run_1), a candidate: promote it with mbt registry promote"));
    assertThat(registry.aliasRunId(MODEL, "champion")).contains("run_champ");
    assertThat(registry.aliasEvents(MODEL, "champion")).hasSize(1);
    PublishedBundle status = registry.bundleStatus(MODEL, FINGERPRINT).orElseThrow();
    assertThat(status.version()).isEqualTo("2");
    assertThat(status.registryRunId()).isEqualTo("mf_run_1");
    assertThat(status.manifestSha256()).isEqualTo(CandidateBundles.sha256(CandidateFixture.manifest("v1")));
    assertThat(status.aliases()).isEmpty();
    assertThat(status.tags()).containsEntry("mbt.bundle_fingerprint", FINGERPRINT)
        .containsEntry("mbt.bundle_manifest_sha256", status.manifestSha256())
        .containsEntry("mbt.candidate", "true")
        .containsEntry("mbt.source", "model_factory")
        .containsEntry("train_run_id", "trk_v1").containsEntry("policy_rev", "policy@3").containsEntry("mf_build_id", "mf-build-7")
        .containsKey("input_fingerprint");
    // The manifest is stored as given, and the run is a complete registry run.
    assertThat(root.resolve("models/churn/bundles/manifests").resolve(status.manifestSha256().substring(7) + ".json"))
        .hasBinaryContent(CandidateFixture.manifest("v1"));
    assertThat(registry.loadRun("mf_run_1").pipeline()).isEqualTo(PIPELINE);
    // Promotion (not publishing) makes it serve.
    registry.moveAlias(new AliasChange(MODEL, "champion", AliasAction.PROMOTE, Optional.of("mf_run_1"), "ana", "gate passed"));
    assertThat(registry.bundleStatus(MODEL, FINGERPRINT).orElseThrow().aliases()).containsExactly("champion");
  }

  @Test
  void publishingTheSameBundleAgainIsAlreadyPublishedAndWritesNothing() throws IOException {
    LocalModelRegistry registry = registry();
    PublishResult first = registry.publishBundle(bundle("mf_run_1"));
    // A publish-only retry from another attempt of the factory: same bundle, another run id.
    PublishResult again = registry.publishBundle(bundle("mf_run_2"));

    assertThat(first.outcome()).isEqualTo(PublishOutcome.PUBLISHED);
    assertThat(again).isEqualTo(PublishResult.alreadyPublished(MODEL, "1", "mf_run_1", "bundle " + FINGERPRINT
        + " was published before as version 1 of model 'churn' (run mf_run_1); nothing was written"));
    assertThat(registry.modelVersions(MODEL)).extracting(ModelVersion::runId).containsExactly("mf_run_1");
    try (Stream<Path> runs = Files.list(root.resolve("runs"))) {
      assertThat(runs.map(p -> p.getFileName().toString())).containsExactly("mf_run_1");
    }
  }

  @Test
  void theSameFingerprintWithOtherManifestBytesIsAConflict() {
    LocalModelRegistry registry = registry();
    registry.publishBundle(bundle("mf_run_1"));

    PublishResult conflict = registry.publishBundle(fixture.bundle(MODEL, FINGERPRINT, "v2-drifted", PIPELINE, "mf_run_2"));

    String stored = CandidateBundles.sha256(CandidateFixture.manifest("v1"));
    String offered = CandidateBundles.sha256(CandidateFixture.manifest("v2-drifted"));
    assertThat(conflict.outcome()).isEqualTo(PublishOutcome.CONFLICT);
    assertThat(conflict.version()).contains("1");
    assertThat(conflict.registryRunId()).contains("mf_run_1");
    assertThat(conflict.reasonCodes()).containsExactly("MANIFEST_DIGEST_MISMATCH");
    assertThat(conflict.detail()).isEqualTo("version 1 of model 'churn' already holds bundle " + FINGERPRINT + " with manifest digest " + stored
        + ", but this bundle's manifest digest is " + offered + ": the same identity with different bytes. Do not retry: find why the candidate"
        + " was not reproducible (unpinned inputs or config, a non-deterministic bundle assembly, or an overwritten artifact)");
    assertThat(registry.modelVersions(MODEL)).hasSize(1);
    assertThat(registry.bundleStatus(MODEL, FINGERPRINT).orElseThrow().manifestSha256()).isEqualTo(stored);
  }

  @Test
  void aBundleWithoutACompatibilityDescriptorIsRejectedAndNothingIsWritten() {
    LocalModelRegistry registry = registry();
    BundleToPublish valid = bundle("mf_run_1");
    BundleToPublish noDescriptor = new BundleToPublish(MODEL, FINGERPRINT, valid.manifest(), valid.run(), Map.of(), valid.provenance());

    PublishResult result = registry.publishBundle(noDescriptor);

    assertThat(result.outcome()).isEqualTo(PublishOutcome.REJECTED);
    assertThat(result.reasonCodes()).containsExactly("COMPATIBILITY_MISSING");
    assertThat(result.version()).isEmpty();
    assertThat(result.detail()).isEqualTo("bundle " + FINGERPRINT + " was not published to model 'churn': the compatibility descriptor is empty;"
        + " it needs [feature_columns, training_schema]. Fix the candidate's assembly (MF-F) and build a new bundle; publishing this one again is"
        + " rejected the same way");
    assertThat(root.resolve("models")).doesNotExist();
    assertThat(root.resolve("runs")).doesNotExist();
    assertThat(registry.bundleStatus(MODEL, FINGERPRINT)).isEmpty();
  }

  static Stream<Arguments> rejections() {
    Function<BundleToPublish, Map<String, Object>> compat = b -> new LinkedHashMap<>(b.compatibility());
    Function<BundleToPublish, Map<String, String>> prov = b -> new LinkedHashMap<>(b.provenance());
    return Stream.of(
        Arguments.of("no feature_columns", (Function<BundleToPublish, BundleToPublish>) b -> {
          Map<String, Object> c = compat.apply(b);
          c.remove("feature_columns");
          return with(b, c, b.provenance(), b.manifest());
        }, List.of("COMPATIBILITY_FIELD_MISSING"), "compatibility.feature_columns is missing or empty"),
        Arguments.of("empty training_schema", (Function<BundleToPublish, BundleToPublish>) b -> {
          Map<String, Object> c = compat.apply(b);
          c.put("training_schema", Map.of());
          return with(b, c, b.provenance(), b.manifest());
        }, List.of("COMPATIBILITY_FIELD_MISSING"), "compatibility.training_schema is missing or empty"),
        Arguments.of("a feature the run does not have", (Function<BundleToPublish, BundleToPublish>) b -> {
          Map<String, Object> c = compat.apply(b);
          c.put("feature_columns", List.of("x1", "tenure"));
          return with(b, c, b.provenance(), b.manifest());
        }, List.of("COMPATIBILITY_FEATURE_NOT_IN_RUN"), "compatibility.feature_columns [tenure] are not columns of run mf_run_1's training schema"),
        Arguments.of("no mf_build_id, blank policy_rev", (Function<BundleToPublish, BundleToPublish>) b -> {
          Map<String, String> p = prov.apply(b);
          p.remove("mf_build_id");
          p.put("policy_rev", " ");
          return with(b, b.compatibility(), p, b.manifest());
        }, List.of("PROVENANCE_FIELD_MISSING"), "provenance.policy_rev is missing or blank; provenance.mf_build_id is missing or blank"),
        Arguments.of("a reserved provenance key", (Function<BundleToPublish, BundleToPublish>) b -> {
          Map<String, String> p = prov.apply(b);
          p.put("mbt.candidate", "false");
          return with(b, b.compatibility(), p, b.manifest());
        }, List.of("PROVENANCE_RESERVED_KEY"), "provenance keys [mbt.candidate] start with 'mbt.'"),
        Arguments.of("a manifest that is not JSON, and no descriptor", (Function<BundleToPublish, BundleToPublish>) b ->
            with(b, Map.of(), b.provenance(), "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            List.of("COMPATIBILITY_MISSING", "MANIFEST_INVALID"), "the bundle manifest is not JSON"));
  }

  private static BundleToPublish with(BundleToPublish b, Map<String, Object> compatibility, Map<String, String> provenance, byte[] manifest) {
    return new BundleToPublish(b.modelName(), b.bundleFingerprint(), manifest, b.run(), compatibility, provenance);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void breakingARegistryRuleIsRejectedWithItsReasonCode(String name, Function<BundleToPublish, BundleToPublish> change, List<String> codes,
      String detail) {
    PublishResult result = registry().publishBundle(change.apply(bundle("mf_run_1")));

    assertThat(result.outcome()).isEqualTo(PublishOutcome.REJECTED);
    assertThat(result.reasonCodes()).containsExactlyElementsOf(codes);
    assertThat(result.detail()).contains(detail);
    assertThat(root.resolve("models")).doesNotExist();
  }

  @Test
  void latestRunIdAndRunListingsIgnoreCandidateRuns() {
    LocalModelRegistry registry = registry();
    registry.logRun(fixture.run(PIPELINE, "run_trained", Instant.parse("2026-01-01T10:00:00Z")));
    // The candidate's run is newer, and of the same pipeline.
    registry.publishBundle(bundle("mf_run_1"));

    assertThat(registry.latestRunId(PIPELINE)).contains("run_trained");
    assertThat(registry.runIds(PIPELINE)).containsExactly("run_trained");
    assertThat(registry.loadRun("mf_run_1").createdAt()).isAfter(registry.loadRun("run_trained").createdAt());
  }

  @Test
  void racingPublishersOfOneFingerprintCreateExactlyOneVersion() throws Exception {
    LocalModelRegistry registry = registry();
    int publishers = 4;
    // Every publisher has logged its own run and found no claim before any of them claims.
    CyclicBarrier allLogged = new CyclicBarrier(publishers);
    List<Callable<PublishResult>> tasks = new ArrayList<>();
    for (int i = 0; i < publishers; i++) {
      BundleToPublish bundle = bundle("mf_run_" + i);
      tasks.add(() -> new LocalBundlePublisher(registry, () -> await(allLogged)).publish(bundle));
    }
    List<PublishResult> results = runAll(tasks);

    assertThat(results).extracting(PublishResult::outcome).containsOnlyOnce(PublishOutcome.PUBLISHED)
        .containsOnly(PublishOutcome.PUBLISHED, PublishOutcome.ALREADY_PUBLISHED);
    assertThat(results).extracting(r -> r.version().orElseThrow()).containsOnly("1");
    String winner = results.get(0).registryRunId().orElseThrow();
    assertThat(results).extracting(r -> r.registryRunId().orElseThrow()).containsOnly(winner);
    assertThat(registry.modelVersions(MODEL)).extracting(ModelVersion::runId).containsExactly(winner);
    assertThat(registry.bundleStatus(MODEL, FINGERPRINT).orElseThrow().registryRunId()).isEqualTo(winner);
  }

  @Test
  void concurrentPublishesOfOneBundleThroughTheRegistryCreateOneVersion() throws Exception {
    LocalModelRegistry registry = registry();
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<PublishResult>> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      BundleToPublish bundle = bundle("mf_run_" + i);
      tasks.add(() -> {
        start.await();
        return registry.publishBundle(bundle);
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<PublishResult>> futures = tasks.stream().map(pool::submit).toList();
      start.countDown();
      List<PublishResult> results = new ArrayList<>();
      for (Future<PublishResult> f : futures) {
        results.add(f.get(120, TimeUnit.SECONDS));
      }
      assertThat(results).extracting(PublishResult::outcome).containsOnlyOnce(PublishOutcome.PUBLISHED);
    } finally {
      pool.shutdownNow();
    }
    assertThat(registry.modelVersions(MODEL)).hasSize(1);
  }

  @Test
  void aPublishStoppedBetweenItsClaimAndItsVersionIsCompletedByTheNextOne() throws IOException {
    LocalModelRegistry registry = registry();
    registry.publishBundle(bundle("mf_run_1"));
    // What a publisher killed right after claiming leaves: the claim and the run, no version.
    Files.delete(root.resolve("models/churn/versions/1.json"));
    assertThat(registry.bundleStatus(MODEL, FINGERPRINT)).isEmpty();

    PublishResult completed = registry.publishBundle(bundle("mf_run_2"));

    assertThat(completed.outcome()).isEqualTo(PublishOutcome.PUBLISHED);
    assertThat(completed.registryRunId()).contains("mf_run_1");
    assertThat(registry.bundleStatus(MODEL, FINGERPRINT)).isPresent();
  }

  @Test
  void differentFingerprintsAreDifferentVersions() {
    LocalModelRegistry registry = registry();
    registry.publishBundle(bundle("mf_run_1"));
    PublishResult other = registry.publishBundle(fixture.bundle(MODEL, OTHER_FINGERPRINT, "v2", PIPELINE, "mf_run_2"));

    assertThat(other.outcome()).isEqualTo(PublishOutcome.PUBLISHED);
    assertThat(other.version()).contains("2");
    assertThat(registry.bundleStatus(MODEL, OTHER_FINGERPRINT).orElseThrow().registryRunId()).isEqualTo("mf_run_2");
  }

  @Test
  void anUnwritableRegistryIsUnavailableAndCreatesNoVersion() throws IOException {
    Path file = Files.writeString(root.resolve("not-a-directory"), "x");
    LocalModelRegistry registry = LocalModelRegistry.at(file.toUri().toString(), SPARK.sparkContext().hadoopConfiguration());

    assertThatThrownBy(() -> registry.publishBundle(bundle("mf_run_1")))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageStartingWith("publishing bundle " + FINGERPRINT + " to model 'churn' in the registry at " + registry.uri()
            + " failed before its version was created (")
        .hasMessageEndingWith(". No version exists; check that the registry path is reachable and writable, then publish again");
  }

  @Test
  void aMalformedFingerprintIsRefusedWhereTheBundleIsMade() {
    BundleToPublish valid = bundle("mf_run_1");
    assertThatThrownBy(() -> new BundleToPublish(MODEL, "sha256:ABC", valid.manifest(), valid.run(), valid.compatibility(), valid.provenance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bundle fingerprint must be sha256:<64 lowercase hex digits>, but was: 'sha256:ABC'");
    assertThatThrownBy(() -> registry().bundleStatus(MODEL, "md5:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bundle fingerprint must be sha256:<64 lowercase hex digits>, but was: 'md5:1'");
  }

  private static List<PublishResult> runAll(List<Callable<PublishResult>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<PublishResult> results = new ArrayList<>();
      for (Future<PublishResult> f : pool.invokeAll(tasks, 180, TimeUnit.SECONDS)) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("publishers did not line up: " + e, e);
    }
  }
}
