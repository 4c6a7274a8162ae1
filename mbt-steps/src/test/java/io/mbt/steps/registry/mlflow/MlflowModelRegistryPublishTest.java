package io.mbt.steps.registry.mlflow;

import static io.mbt.steps.registry.CandidateFixture.FINGERPRINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.registry.AliasAction;
import io.mbt.steps.registry.AliasChange;
import io.mbt.steps.registry.BundleToPublish;
import io.mbt.steps.registry.CandidateBundles;
import io.mbt.steps.registry.CandidateFixture;
import io.mbt.steps.registry.ModelRegistries;
import io.mbt.steps.registry.ModelRegistry;
import io.mbt.steps.registry.ModelVersion;
import io.mbt.steps.registry.PublishOutcome;
import io.mbt.steps.registry.PublishOutcomeUnknownException;
import io.mbt.steps.registry.PublishResult;
import io.mbt.steps.registry.PublishedBundle;
import io.mbt.steps.registry.RegistryUnavailableException;
import io.mbt.steps.testing.SharedSpark;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing Model Factory candidates to a real MLflow tracking server ({@code scripts/mlflow-server.sh},
 * {@code MBT_MLFLOW_TRACKING_URI}); skipped without one. Failures are injected between the adapter and
 * the server by a {@link FaultyProxy}.
 */
class MlflowModelRegistryPublishTest {
  private static final String URI_ENV = System.getenv("MBT_MLFLOW_TRACKING_URI");
  private static final String CREATE_VERSION = "/api/2.0/mlflow/model-versions/create";
  @TempDir static Path artifacts;
  @TempDir static Path project;
  private static CandidateFixture fixture;

  @BeforeAll
  static void train() {
    assumeTrue(URI_ENV != null && !URI_ENV.isBlank(), "MBT_MLFLOW_TRACKING_URI is not set: start a server with scripts/mlflow-server.sh start");
    fixture = CandidateFixture.in(artifacts);
  }

  private static ModelRegistry registry(String trackingUri) {
    Map<String, Object> config = new HashMap<>(Map.of("tracking_uri", trackingUri, "timeout_seconds", 3));
    return ModelRegistries.get(AdapterRef.of("mlflow", config), project, SharedSpark.session());
  }

  /** Unique names: MLflow keeps what earlier test runs logged, and finds a logged run by its MBT run id. */
  private static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void publishesOnceRecognisesARepeatAndAConflictAndMovesNoAlias() throws Exception {
    String model = unique("mf_model");
    String pipeline = unique("mf_pipe");
    try (ModelRegistry registry = registry(URI_ENV)) {
      String trained = registry.logRun(fixture.run(pipeline, unique("run_trained"), Instant.parse("2026-01-01T10:00:00Z")));
      registry.registerModel(model, trained);
      registry.moveAlias(new AliasChange(model, "champion", AliasAction.PROMOTE, Optional.of(trained), "ana", "first"));
      assertThat(registry.bundleStatus(model, FINGERPRINT)).isEmpty();

      String attempt = unique("mf_run_1");
      PublishResult published = registry.publishBundle(fixture.bundle(model, FINGERPRINT, "v1", pipeline, attempt));

      assertThat(published.outcome()).isEqualTo(PublishOutcome.PUBLISHED);
      assertThat(published.version()).contains("2");
      String candidateRun = published.registryRunId().orElseThrow();
      assertThat(published.detail()).isEqualTo("bundle " + FINGERPRINT + " is version 2 of registered model '" + model + "' (run " + candidateRun
          + "), a candidate: promote it with mbt registry promote");
      assertThat(registry.aliasRunId(model, "champion")).contains(trained);
      PublishedBundle status = registry.bundleStatus(model, FINGERPRINT).orElseThrow();
      assertThat(status.version()).isEqualTo("2");
      assertThat(status.registryRunId()).isEqualTo(candidateRun);
      assertThat(status.manifestSha256()).isEqualTo(CandidateBundles.sha256(CandidateFixture.manifest("v1")));
      assertThat(status.aliases()).isEmpty();
      assertThat(status.tags()).containsEntry("mbt.bundle_fingerprint", FINGERPRINT).containsEntry("mbt.candidate", "true")
          .containsEntry("mbt.source", "model_factory").containsEntry("mbt.bundle_manifest_sha256", status.manifestSha256())
          .containsEntry("train_run_id", "trk_v1").containsEntry("mf_build_id", "mf-build-7");
      assertThat(runTags(candidateRun)).containsEntry("mbt.source", "model_factory").containsEntry("mbt.bundle_fingerprint", FINGERPRINT);
      // run_id: latest keeps serving trained runs only.
      assertThat(registry.latestRunId(pipeline)).contains(trained);
      assertThat(registry.runIds(pipeline)).containsExactly(trained);
      assertThat(registry.loadRun(candidateRun).mbtRunId()).isEqualTo(attempt);

      PublishResult again = registry.publishBundle(fixture.bundle(model, FINGERPRINT, "v1", pipeline, unique("mf_run_2")));
      assertThat(again).isEqualTo(PublishResult.alreadyPublished(model, "2", candidateRun, "bundle " + FINGERPRINT + " was published before as"
          + " version 2 of registered model '" + model + "' (run " + candidateRun + "); nothing was written"));

      PublishResult conflict = registry.publishBundle(fixture.bundle(model, FINGERPRINT, "v2-drifted", pipeline, unique("mf_run_3")));
      assertThat(conflict.outcome()).isEqualTo(PublishOutcome.CONFLICT);
      assertThat(conflict.version()).contains("2");
      assertThat(conflict.reasonCodes()).containsExactly("MANIFEST_DIGEST_MISMATCH");
      assertThat(conflict.detail()).startsWith("version 2 of model '" + model + "' already holds bundle " + FINGERPRINT + " with manifest digest "
          + status.manifestSha256() + ", but this bundle's manifest digest is " + CandidateBundles.sha256(CandidateFixture.manifest("v2-drifted")));

      BundleToPublish valid = fixture.bundle(model, CandidateFixture.OTHER_FINGERPRINT, "v3", pipeline, unique("mf_run_4"));
      PublishResult rejected = registry.publishBundle(new BundleToPublish(model, valid.bundleFingerprint(), valid.manifest(), valid.run(), Map.of(),
          valid.provenance()));
      assertThat(rejected.outcome()).isEqualTo(PublishOutcome.REJECTED);
      assertThat(rejected.reasonCodes()).containsExactly("COMPATIBILITY_MISSING");

      assertThat(registry.modelVersions(model)).extracting(ModelVersion::version).containsExactly("2", "1");
      assertThat(registry.aliasEvents(model, "champion")).hasSize(1);
    }
  }

  @Test
  void racingPublishersOfOneFingerprintLeaveExactlyOneVersion() throws Exception {
    String model = unique("mf_race");
    String pipeline = unique("mf_pipe");
    int publishers = 2;
    // Both have searched (no version yet) and logged their runs before either creates: both create one.
    CyclicBarrier bothAboutToCreate = new CyclicBarrier(publishers);
    List<MlflowModelRegistry> registries = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(publishers);
    try {
      List<Callable<PublishResult>> tasks = new ArrayList<>();
      for (int i = 0; i < publishers; i++) {
        MlflowModelRegistry registry = (MlflowModelRegistry) registry(URI_ENV);
        registries.add(registry);
        BundleToPublish bundle = fixture.bundle(model, FINGERPRINT, "v1", pipeline, unique("mf_run_" + i));
        tasks.add(() -> new MlflowBundlePublisher(registry, () -> await(bothAboutToCreate)).publish(bundle));
      }
      List<PublishResult> results = new ArrayList<>();
      for (Future<PublishResult> f : pool.invokeAll(tasks, 300, TimeUnit.SECONDS)) {
        results.add(f.get());
      }

      assertThat(results).extracting(PublishResult::outcome).containsExactlyInAnyOrder(PublishOutcome.PUBLISHED, PublishOutcome.ALREADY_PUBLISHED);
      assertThat(results).extracting(r -> r.version().orElseThrow()).containsOnly("1");
      assertThat(results.stream().filter(r -> r.outcome() == PublishOutcome.ALREADY_PUBLISHED).findFirst().orElseThrow().detail())
          .endsWith("; the duplicate version 2 this call created was deleted");
      assertThat(registries.get(0).modelVersions(model)).extracting(ModelVersion::version).containsExactly("1");
      assertThat(registries.get(0).bundleStatus(model, FINGERPRINT).orElseThrow().version()).isEqualTo("1");
    } finally {
      pool.shutdownNow();
      registries.forEach(MlflowModelRegistry::close);
    }
  }

  @Test
  void aStoppedServerIsUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (ModelRegistry registry = registry("http://127.0.0.1:" + closedPort)) {
      assertThatThrownBy(() -> registry.publishBundle(fixture.bundle("mf_down", FINGERPRINT, "v1", "mf_pipe", unique("mf_run_1"))))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageStartingWith("MLflow at http://127.0.0.1:" + closedPort + " failed GET model-versions/search: ")
          .hasMessageEndingWith(". Check that the tracking server is up and model_registry.config in profiles.yaml (mbt debug checks it)");
      assertThatThrownBy(() -> registry.bundleStatus("mf_down", FINGERPRINT))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageStartingWith("MLflow at http://127.0.0.1:" + closedPort + " failed GET model-versions/search: ");
    }
  }

  @Test
  void aCreateThatGetsNoAnswerIsAnUnknownOutcomeThatTheStatusProbeResolves() throws Exception {
    String model = unique("mf_timeout");
    String pipeline = unique("mf_pipe");
    try (FaultyProxy proxy = new FaultyProxy(URI_ENV, CREATE_VERSION, FaultyProxy.Fault.NO_ANSWER_AFTER_FORWARDING);
        ModelRegistry behindProxy = registry(proxy.uri());
        ModelRegistry direct = registry(URI_ENV)) {
      String attempt = unique("mf_run_1");
      assertThatThrownBy(() -> behindProxy.publishBundle(fixture.bundle(model, FINGERPRINT, "v1", pipeline, attempt)))
          .isInstanceOfSatisfying(PublishOutcomeUnknownException.class, e -> {
            assertThat(e.modelName()).isEqualTo(model);
            assertThat(e.bundleFingerprint()).isEqualTo(FINGERPRINT);
          })
          .hasMessageStartingWith("publishing bundle " + FINGERPRINT + " to registered model '" + model + "' at " + proxy.uri()
              + ": the create-version request got no answer within 3 s (")
          .hasMessageEndingWith("). The version may exist: probe bundleStatus before publishing again");
      proxy.release();

      // The server did create it: the probe says so, and publishing again is a repeat.
      PublishedBundle status = direct.bundleStatus(model, FINGERPRINT).orElseThrow();
      assertThat(status.version()).isEqualTo("1");
      PublishResult again = direct.publishBundle(fixture.bundle(model, FINGERPRINT, "v1", pipeline, attempt));
      assertThat(again.outcome()).isEqualTo(PublishOutcome.ALREADY_PUBLISHED);
      assertThat(again.version()).contains("1");
      assertThat(direct.modelVersions(model)).hasSize(1);
    }
  }

  @Test
  void aGatewayErrorAfterTheServerCreatedTheVersionIsAnUnknownOutcome() throws Exception {
    String model = unique("mf_502");
    try (FaultyProxy proxy = new FaultyProxy(URI_ENV, CREATE_VERSION, FaultyProxy.Fault.BAD_GATEWAY_AFTER_FORWARDING);
        ModelRegistry behindProxy = registry(proxy.uri())) {
      assertThatThrownBy(() -> behindProxy.publishBundle(fixture.bundle(model, FINGERPRINT, "v1", unique("mf_pipe"), unique("mf_run_1"))))
          .isInstanceOf(PublishOutcomeUnknownException.class)
          .hasMessageContaining(": MLflow answered the create-version request with HTTP 502 <html>502 Bad Gateway</html>. The version may exist");
      assertThat(proxy.faulted(0)).isTrue();
      assertThat(behindProxy.bundleStatus(model, FINGERPRINT)).isPresent();
    }
  }

  @Test
  void aCreateTheServerRefusesIsRejectedAndCreatesNothing() throws Exception {
    String model = unique("mf_403");
    try (FaultyProxy proxy = new FaultyProxy(URI_ENV, CREATE_VERSION, FaultyProxy.Fault.FORBIDDEN);
        ModelRegistry behindProxy = registry(proxy.uri())) {
      PublishResult result = behindProxy.publishBundle(fixture.bundle(model, FINGERPRINT, "v1", unique("mf_pipe"), unique("mf_run_1")));

      assertThat(result.outcome()).isEqualTo(PublishOutcome.REJECTED);
      assertThat(result.reasonCodes()).containsExactly("REGISTRY_REFUSED");
      assertThat(result.detail()).isEqualTo("MLflow at " + proxy.uri() + " refused to create a version of registered model '" + model
          + "' for bundle " + FINGERPRINT + ": HTTP 403 {\"error_code\": \"PERMISSION_DENIED\", \"message\": \"no write access to this model\"}."
          + " Nothing was created; fix what MLflow names (model name, permissions) and publish again");
      assertThat(behindProxy.bundleStatus(model, FINGERPRINT)).isEmpty();
    }
  }

  private static Map<String, String> runTags(String runId) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(URI_ENV.replaceAll("/+$", "") + "/api/2.0/mlflow/runs/get?run_id=" + runId)).GET().build(), HttpResponse.BodyHandlers.ofString());
    Map<String, String> tags = new HashMap<>();
    for (JsonNode tag : ManifestJson.mapper().readTree(response.body()).at("/run/data/tags")) {
      tags.put(tag.get("key").asText(), tag.get("value").asText());
    }
    return tags;
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("publishers did not line up: " + e, e);
    }
  }
}
