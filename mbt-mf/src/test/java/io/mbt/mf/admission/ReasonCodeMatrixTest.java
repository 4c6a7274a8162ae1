package io.mbt.mf.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mbt.mf.SubmitResult;
import io.mbt.mf.identity.Digests;
import io.mbt.mf.ledger.Receipt;
import io.mbt.mf.ledger.ReceiptKind;
import io.mbt.mf.request.DigestRef;
import io.mbt.mf.request.Intent;
import io.mbt.mf.request.TrainRequest;
import io.mbt.mf.stage.RunOutcome;
import io.mbt.mf.testing.FaultyFileSystem;
import io.mbt.mf.testing.FaultyFileSystem.Fault;
import io.mbt.mf.testing.FaultyFileSystem.Faults;
import io.mbt.mf.testing.MfFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #12, acceptance test 5: every reason code admission (MF-A intake, MF-B context, MF-C
 * admissibility) can give, each from one crafted input submitted through {@link
 * io.mbt.mf.ModelFactory}: the answer's outcome, the reason's code, class, retryable flag, ref and
 * expected/observed, the same reason in the ledger, and no TRAIN receipt. Access errors and
 * timeouts come from a real Hadoop file system that throws ({@link FaultyFileSystem}), so {@link
 * RefReader} classifies the exception types stores really throw.
 */
class ReasonCodeMatrixTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OTHER_DIGEST = Digests.sha256("other bytes");

  @TempDir Path tmp;

  /** One input crafted to give one reason, and that reason. */
  record Crafted(TrainRequest request, ReasonCode code, String ref, Optional<String> expected, Optional<String> observed) {
    Crafted expecting(String expected, String observed) {
      return new Crafted(request, code, ref, Optional.of(expected), Optional.of(observed));
    }
  }

  /** A row of the matrix: its name (shown by JUnit), and how it crafts the input on a fresh fixture. */
  record Case(String name, BiFunction<MfFixture, Faults, Crafted> craft) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> matrix() {
    return Stream.of(
        // ---- reference / resolution (MF-B2, MF-C1, MF-C2) ----
        // A dataset manifest that cannot be read leaves the request without a run key (its feature
        // pack is unknown), so these are answered and noted without a run; the others end a run.
        new Case("REF_INVALID_FORMAT: a wildcard manifest reference", (mf, faults) ->
            crafted(request(mf, "wildcard").manifests(new DigestRef("manifests/*.json", Optional.of(OTHER_DIGEST))),
                ReasonCode.REF_INVALID_FORMAT, "manifests/*.json")),
        new Case("REF_INVALID_FORMAT: a manifest file that is not a dataset manifest", (mf, faults) -> {
          mf.write("manifests/notes.json", "{\"owner\": \"analytics\", \"tables\": []}");
          return crafted(request(mf, "not-a-manifest").manifests(pinned(mf, "manifests/notes.json")), ReasonCode.REF_INVALID_FORMAT,
              "manifests/notes.json");
        }),
        new Case("REF_NOT_FOUND: a pinned manifest that does not exist", (mf, faults) ->
            crafted(request(mf, "gone").manifests(new DigestRef("manifests/gone.json", Optional.of(OTHER_DIGEST))), ReasonCode.REF_NOT_FOUND,
                "manifests/gone.json")),
        new Case("REF_NOT_FOUND: the pinned table version is gone (vacuumed)", (mf, faults) -> {
          mf.tables.clear();
          return crafted(request(mf, "vacuumed"), ReasonCode.REF_NOT_FOUND, MfFixture.TABLE_URI + "@v3");
        }),
        // One store exception per code here; every exception type a store throws is in refReaderClassifiesWhatStoresThrow.
        new Case("REF_ACCESS_DENIED: the manifest store refuses (AccessControlException)", (mf, faults) -> {
          faults.fail("manifests/telco.json", Fault.ACCESS_CONTROL);
          String uri = FaultyFileSystem.uriOf(mf.root.resolve("manifests/telco.json"));
          return crafted(request(mf, "denied").manifests(new DigestRef(uri, Optional.of(digestOf(mf, "manifests/telco.json")))),
              ReasonCode.REF_ACCESS_DENIED, uri);
        }),
        new Case("RESOLVE_TIMEOUT_TRANSIENT: the manifest read times out (SocketTimeoutException)", (mf, faults) -> {
          faults.fail("manifests/telco.json", Fault.SOCKET_TIMEOUT);
          String uri = FaultyFileSystem.uriOf(mf.root.resolve("manifests/telco.json"));
          return crafted(request(mf, "manifest-timeout").manifests(new DigestRef(uri, Optional.of(digestOf(mf, "manifests/telco.json")))),
              ReasonCode.RESOLVE_TIMEOUT_TRANSIENT, uri);
        }),
        new Case("RESOLVE_TIMEOUT_TRANSIENT: the validation report's connection is reset (at admission)", (mf, faults) -> {
          faults.fail("reports/validation.json", Fault.CONNECTION_RESET);
          String report = FaultyFileSystem.uriOf(mf.root.resolve("reports/validation.json"));
          String manifest = manifest(mf, "manifests/remote-report.json",
              m -> ((ObjectNode) m.get("validation_proof")).put("report_uri", report));
          return crafted(request(mf, "report-reset").manifests(pinned(mf, manifest)), ReasonCode.RESOLVE_TIMEOUT_TRANSIENT, report);
        }),
        // ---- digest / integrity (MF-C3, MF-C6) ----
        new Case("MANIFEST_DIGEST_MISMATCH: the manifest is not the bytes the request pins", (mf, faults) ->
            crafted(request(mf, "manifest-digest").manifests(new DigestRef("manifests/telco.json", Optional.of(OTHER_DIGEST))),
                ReasonCode.MANIFEST_DIGEST_MISMATCH, "manifests/telco.json")
                .expecting(OTHER_DIGEST, digestOf(mf, "manifests/telco.json"))),
        new Case("MATERIALIZATION_DIGEST_MISMATCH: the table's files at the pinned version changed", (mf, faults) -> {
          String rewritten = Digests.sha256("files rewritten at version 3");
          mf.tables.put(MfFixture.TABLE_URI + "@3", new TableInspector.TableAtVersion(MfFixture.TABLE_URI, MfFixture.TABLE_ID, 3, rewritten));
          return crafted(request(mf, "files"), ReasonCode.MATERIALIZATION_DIGEST_MISMATCH, MfFixture.TABLE_URI + "@v3")
              .expecting(MfFixture.FILES_DIGEST, rewritten);
        }),
        new Case("IMMUTABILITY_CONFLICT: the table was dropped and re-created under the same uri", (mf, faults) -> {
          String recreated = "9b1c1e9e-0000-4000-8000-00000000beef";
          mf.tables.put(MfFixture.TABLE_URI + "@3", new TableInspector.TableAtVersion(MfFixture.TABLE_URI, recreated, 3,
              MfFixture.FILES_DIGEST));
          return crafted(request(mf, "recreated"), ReasonCode.IMMUTABILITY_CONFLICT, MfFixture.TABLE_URI + "@v3")
              .expecting(MfFixture.TABLE_ID, recreated);
        }),
        // ---- semantics completeness (MF-C4) ----
        edited("MISSING_REPLAY_BASIS: no replay_basis", ReasonCode.MISSING_REPLAY_BASIS, m -> m.remove("replay_basis")),
        edited("MISSING_AS_OF_BOUNDARY: no as_of", ReasonCode.MISSING_AS_OF_BOUNDARY, m -> m.remove("as_of")),
        edited("MISSING_AS_OF_BOUNDARY: as_of is not a date", ReasonCode.MISSING_AS_OF_BOUNDARY, m -> m.put("as_of", "end of January")),
        edited("MISSING_FEATURE_VERSION_PINS: no feature_versions", ReasonCode.MISSING_FEATURE_VERSION_PINS,
            m -> m.remove("feature_versions")),
        edited("MISSING_JOIN_KEYS_OR_SCOPE: neither join_keys nor entity_scope", ReasonCode.MISSING_JOIN_KEYS_OR_SCOPE,
            m -> m.remove(List.of("join_keys", "entity_scope"))),
        // ---- cross-set consistency (MF-C5) ----
        new Case("FEATURE_PINS_INCONSISTENT_ACROSS_SET: a second manifest pins another feature version", (mf, faults) -> {
          String eval = manifest(mf, "manifests/eval.json", m -> ((ObjectNode) m.get("feature_versions")).put("telco_customer_churn", "v4"));
          return crafted(request(mf, "pins").manifests(pinned(mf, "manifests/telco.json"), pinned(mf, eval)),
              ReasonCode.FEATURE_PINS_INCONSISTENT_ACROSS_SET, eval).expecting("v3", "v4");
        }),
        new Case("AS_OF_INCONSISTENT_ACROSS_SET: a second manifest is cut as of another date", (mf, faults) -> {
          String eval = manifest(mf, "manifests/eval.json", m -> m.put("as_of", "2026-01-15"));
          return crafted(request(mf, "as-of").manifests(pinned(mf, "manifests/telco.json"), pinned(mf, eval)),
              ReasonCode.AS_OF_INCONSISTENT_ACROSS_SET, "dataset_manifests");
        }),
        new Case("SCHEMA_INCOMPATIBLE_WITH_RECIPE: the manifest's label is not the recipe's", (mf, faults) -> {
          String manifest = manifest(mf, "manifests/exited.json", m -> m.put("label_column", "Exited"));
          return crafted(request(mf, "label").manifests(pinned(mf, manifest)), ReasonCode.SCHEMA_INCOMPATIBLE_WITH_RECIPE, manifest)
              .expecting("Churn", "Exited");
        }),
        // ---- proof (MF-C7) ----
        edited("MISSING_DATASET_PASS_PROOF: no validation_proof", ReasonCode.MISSING_DATASET_PASS_PROOF, m -> m.remove("validation_proof")),
        edited("MISSING_DATASET_PASS_PROOF: the proof says FAIL", ReasonCode.MISSING_DATASET_PASS_PROOF,
            m -> ((ObjectNode) m.get("validation_proof")).put("status", "FAIL")),
        new Case("PASS_PROOF_DOES_NOT_BIND_MANIFEST: the proof was made for other table versions", (mf, faults) -> {
          String manifest = manifest(mf, "manifests/other-proof.json",
              m -> ((ObjectNode) m.get("validation_proof")).put("tables_digest", OTHER_DIGEST));
          String bound = io.mbt.mf.dataset.DatasetManifests.tablesDigest(mf.manifest().tables());
          return crafted(request(mf, "proof-tables").manifests(pinned(mf, manifest)), ReasonCode.PASS_PROOF_DOES_NOT_BIND_MANIFEST, manifest)
              .expecting(bound, OTHER_DIGEST);
        }),
        new Case("PASS_PROOF_DOES_NOT_BIND_MANIFEST: the validation report was rewritten after the pin", (mf, faults) -> {
          String recorded = digestOf(mf, "reports/validation.json");
          mf.write("reports/validation.json", "{\"status\":\"PASS\",\"edited\":true}");
          return crafted(request(mf, "proof-report"), ReasonCode.PASS_PROOF_DOES_NOT_BIND_MANIFEST,
              mf.root.resolve("reports/validation.json").toUri().toString()).expecting(recorded, digestOf(mf, "reports/validation.json"));
        }),
        // ---- policy (MF-C8) ----
        policy("POLICY_DISALLOWS_DATASET_KIND: the policy admits only evaluation sets", ReasonCode.POLICY_DISALLOWS_DATASET_KIND,
            "allowed_dataset_kinds: [evaluation]", m -> { }, "evaluation", "training"),
        policy("POLICY_WINDOW_TOO_LARGE: a 395-day window under a 90-day limit", ReasonCode.POLICY_WINDOW_TOO_LARGE, "max_window_days: 90",
            m -> m.putObject("window").put("start", "2025-01-01").put("end", "2026-01-31"), "<= 90 days", "395 days"),
        policy("POLICY_PRIVACY_CLASS_DISALLOWED: internal data under a public-only policy", ReasonCode.POLICY_PRIVACY_CLASS_DISALLOWED,
            "allowed_privacy_classes: [public]", m -> { }, "public", "internal"),
        policy("POLICY_FEATURE_PACK_BLOCKED: the manifest's feature pack is blocked", ReasonCode.POLICY_FEATURE_PACK_BLOCKED,
            "blocked_feature_packs: [telco-features]", m -> { }, null, null),
        // ---- context (MF-B3, MF-B4, MF-B6) ----
        new Case("PROFILE_DIGEST_MISMATCH: the policy is not the bytes the request pins", (mf, faults) ->
            crafted(request(mf, "policy-digest").policy(new DigestRef("policies/churn.yaml", Optional.of(OTHER_DIGEST))),
                ReasonCode.PROFILE_DIGEST_MISMATCH, "policies/churn.yaml").expecting(OTHER_DIGEST, digestOf(mf, "policies/churn.yaml"))),
        new Case("PROFILE_INVALID: a policy without policy_rev", (mf, faults) -> {
          mf.write("policies/no-rev.yaml", "principals: {submit: [airflow@analytics]}\n");
          return crafted(request(mf, "policy-invalid").policy(new DigestRef("policies/no-rev.yaml", Optional.empty())),
              ReasonCode.PROFILE_INVALID, "policies/no-rev.yaml");
        }),
        new Case("RECIPE_DIGEST_MISMATCH: the pipeline changed since the request was pinned", (mf, faults) ->
            crafted(request(mf, "recipe-digest").recipe("churn_xgb_v1", Optional.of(OTHER_DIGEST)), ReasonCode.RECIPE_DIGEST_MISMATCH,
                "pipeline:churn_xgb_v1").expecting(OTHER_DIGEST, mf.recipeDigest)),
        new Case("RECIPE_INVALID: the pinned pipeline no longer compiles", (mf, faults) -> {
          mf.brokenPipelines.put("churn_xgb_v2", "pipelines/churn_xgb_v2.yaml:7:5: training.model_training.config.max_depht: unknown "
              + "parameter 'max_depht'");
          return crafted(request(mf, "recipe-invalid").recipe("churn_xgb_v2", Optional.of(mf.recipeDigest)), ReasonCode.RECIPE_INVALID,
              "pipeline:churn_xgb_v2");
        }),
        new Case("AUTHZ_DENIED: a principal the policy does not let submit", (mf, faults) ->
            crafted(request(mf, "authz").principal("mallory@analytics"), ReasonCode.AUTHZ_DENIED, "mallory@analytics")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void eachCraftedInputIsRejectedWithItsReasonAndTrainsNothing(Case row) {
    Configuration hadoop = new Configuration();
    Faults faults = FaultyFileSystem.install(hadoop);
    MfFixture mf = new MfFixture(tmp, hadoop);
    Crafted crafted = row.craft().apply(mf, faults);
    boolean hard = crafted.code().severity() == ReasonCode.Severity.HARD;

    SubmitResult result = mf.factory().submit(crafted.request(), false);

    assertThat(result.outcome()).as("outcome").isEqualTo(hard ? RunOutcome.REJECTED_INPUTS : RunOutcome.UNAVAILABLE);
    assertThat(result.duplicate()).isFalse();
    // Exactly this reason: a crafted input that also tripped another check would not prove the check it names.
    assertThat(result.reasons()).singleElement().satisfies(reason -> {
      assertThat(reason.code()).isEqualTo(crafted.code());
      assertThat(reason.code().severity()).isEqualTo(hard ? ReasonCode.Severity.HARD : ReasonCode.Severity.TRANSIENT);
      assertThat(reason.code().retryable()).isEqualTo(!hard);
      assertThat(reason.ref()).as("ref").isEqualTo(crafted.ref());
      assertThat(reason.expected()).as("expected").isEqualTo(crafted.expected());
      assertThat(reason.observed()).as("observed").isEqualTo(crafted.observed());
      assertThat(reason.message()).isNotBlank();
      assertThat(reason.toJson()).containsEntry("code", crafted.code().name()).containsEntry("class", hard ? "HARD" : "TRANSIENT")
          .containsEntry("retryable", !hard);
    });

    // The ledger tells the same story: the answer's receipt carries the reason, and nothing trained.
    String recordedUnder = result.trainRunId().orElse("unkeyed:" + crafted.request().requestId());
    List<Receipt> receipts = mf.ledger.receipts(recordedUnder);
    assertThat(receipts).noneMatch(ReasonCodeMatrixTest::isTrainStageReceipt);
    assertThat(mf.engine.trains.get()).isZero();
    Receipt answer = answerReceipt(receipts, result, hard);
    assertThat(reasonsOf(answer)).as("reasons recorded in " + answer.kind().wireName()).isEqualTo(result.reasons());

    if (!hard) {
      // Not cached as the run's answer: once the store answers, the same request trains.
      faults.clear();
      SubmitResult retried = mf.factory("worker-2").submit(crafted.request(), false);
      assertThat(retried.outcome()).as("retried: %s", retried.reasons()).isEqualTo(RunOutcome.SUCCESS_PUBLISHED);
      // A run held for the fault is resumed; an answer that could not be keyed left no run behind.
      result.trainRunId().ifPresent(held -> assertThat(retried.trainRunId()).contains(held));
      assertThat(mf.engine.trains.get()).isEqualTo(1);
      assertThat(mf.ledger.receipts(retried.trainRunId().orElseThrow())).filteredOn(ReasonCodeMatrixTest::isTrainStageReceipt)
          .extracting(r -> r.kind()).contains(ReceiptKind.STAGE_COMPLETED);
    }
  }

  static Stream<Arguments> storeFailures() {
    return Stream.of(
        Arguments.of(Fault.ACCESS_CONTROL, ReasonCode.REF_ACCESS_DENIED, 1),
        Arguments.of(Fault.PATH_PERMISSION, ReasonCode.REF_ACCESS_DENIED, 1),
        Arguments.of(Fault.NIO_ACCESS_DENIED, ReasonCode.REF_ACCESS_DENIED, 1),
        Arguments.of(Fault.LOCAL_PERMISSION_DENIED, ReasonCode.REF_ACCESS_DENIED, 1),
        Arguments.of(Fault.SOCKET_TIMEOUT, ReasonCode.RESOLVE_TIMEOUT_TRANSIENT, 3),
        Arguments.of(Fault.CONNECTION_RESET, ReasonCode.RESOLVE_TIMEOUT_TRANSIENT, 3));
  }

  /**
   * Each exception type a store throws, as {@link RefReader} classifies it: a denial is HARD and
   * read once; a transient failure is read again, within bounds, and the reference reads fine
   * once the store answers.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("storeFailures")
  void refReaderClassifiesWhatStoresThrow(Fault fault, ReasonCode code, int reads) throws Exception {
    Configuration hadoop = new Configuration();
    Faults faults = FaultyFileSystem.install(hadoop).fail("policy.yaml", fault);
    java.nio.file.Files.writeString(tmp.resolve("policy.yaml"), "policy_rev: p1\n");
    String uri = FaultyFileSystem.uriOf(tmp.resolve("policy.yaml"));
    RefReader refs = new RefReader(hadoop, tmp, 3, java.time.Duration.ofMillis(1));

    assertThatThrownBy(() -> refs.read(uri)).isInstanceOfSatisfying(RefReader.RefException.class, e -> {
      assertThat(e.reason().code()).isEqualTo(code);
      assertThat(e.reason().ref()).isEqualTo(uri);
      assertThat(e.reason().message()).contains(code == ReasonCode.REF_ACCESS_DENIED ? "grant the MF principal read access" : "after 3 tries");
    });
    assertThat(faults.opened()).hasSize(reads);

    faults.clear();
    assertThat(refs.read(uri)).asString(java.nio.charset.StandardCharsets.UTF_8).isEqualTo("policy_rev: p1\n");
  }

  /**
   * SOURCE_RUN_NOT_REGATEABLE: a regate of a run that does not exist, or whose evaluation is not
   * complete, is refused before any run exists, so the same request gates once the source is done.
   */
  @Test
  void aRegateOfARunWithoutACompletedEvaluationIsRefusedUntilItHasOne() {
    MfFixture mf = new MfFixture(tmp);
    DigestRef policy = new DigestRef("policies/churn.yaml", Optional.empty());

    SubmitResult unknown = mf.factory().regate("tr_nosuchrun", policy, "airflow@analytics", "regate-unknown");
    assertThat(unknown.outcome()).isEqualTo(RunOutcome.REJECTED_INPUTS);
    assertThat(unknown.trainRunId()).isEmpty();
    assertThat(unknown.reasons()).singleElement().satisfies(r -> {
      assertThat(r.code()).isEqualTo(ReasonCode.SOURCE_RUN_NOT_REGATEABLE);
      assertThat(r.code().severity()).isEqualTo(ReasonCode.Severity.HARD);
      assertThat(r.ref()).isEqualTo("tr_nosuchrun");
      assertThat(r.observed()).contains("no such run");
    });
    assertThat(reasonsOf(answerReceipt(mf.ledger.receipts("unkeyed:regate-unknown"), unknown, true))).isEqualTo(unknown.reasons());

    // A worker claimed the source run and died in TRAIN: nothing to gate yet.
    TrainRequest sourceRequest = mf.request("churn-2026-02");
    String source = mf.factory().trainRunIdOf(sourceRequest).orElseThrow();
    Map<String, Object> claim = new java.util.LinkedHashMap<>();
    claim.put("ttl_ms", 30_000L);
    claim.put("request_id", sourceRequest.requestId());
    claim.put("request", sourceRequest.toJson());
    var lease = mf.ledger.claim(Receipt.Draft.of(source, ReceiptKind.RUN_CLAIMED, claim), "dead-worker", java.time.Duration.ofSeconds(30))
        .lease().orElseThrow();
    mf.ledger.append(lease, Receipt.Draft.stage(source, ReceiptKind.STAGE_STARTED, "TRAIN", 1, Map.of()));

    SubmitResult early = mf.factory().regate(source, policy, "airflow@analytics", "regate-1");
    assertThat(early.outcome()).isEqualTo(RunOutcome.REJECTED_INPUTS);
    assertThat(early.trainRunId()).isEmpty();
    assertThat(early.reasons()).singleElement().satisfies(r -> {
      assertThat(r.code()).isEqualTo(ReasonCode.SOURCE_RUN_NOT_REGATEABLE);
      assertThat(r.ref()).isEqualTo(source);
      assertThat(r.expected()).contains("a completed EVAL");
      assertThat(r.observed()).contains("EVAL not completed yet");
      assertThat(r.message()).contains("mbt mf resume " + source);
    });
    assertThat(mf.engine.trains.get()).isZero();

    // Resumed and finished, the same regate request now gates the evidence, training nothing more.
    mf.clock.advance(java.time.Duration.ofSeconds(31));
    assertThat(mf.factory("worker-2").submit(sourceRequest, false).outcome()).isEqualTo(RunOutcome.SUCCESS_PUBLISHED);
    SubmitResult regated = mf.factory("worker-2").regate(source, policy, "airflow@analytics", "regate-1");
    assertThat(regated.outcome()).as("regated: %s", regated.reasons()).isEqualTo(RunOutcome.SUCCESS_PUBLISHED);
    assertThat(mf.engine.trains.get()).isEqualTo(1);
  }

  @Test
  void refReaderTellsAMissingFileAndAnUnpinnedReferenceApart() {
    RefReader refs = new RefReader(new Configuration(), tmp, 3, java.time.Duration.ofMillis(1));
    for (String unpinned : List.of("manifests/latest", "manifests/*.json", "manifests/telco-?.json", "latest", " ")) {
      assertThatThrownBy(() -> refs.read(unpinned)).isInstanceOfSatisfying(RefReader.RefException.class,
          e -> assertThat(e.reason().code()).as(unpinned).isEqualTo(ReasonCode.REF_INVALID_FORMAT));
    }
    assertThatThrownBy(() -> refs.read("manifests/gone.json")).isInstanceOfSatisfying(RefReader.RefException.class, e -> {
      assertThat(e.reason().code()).isEqualTo(ReasonCode.REF_NOT_FOUND);
      assertThat(e.reason().message()).contains("does not exist");
    });
  }

  @Test
  void anUnauthorisedRequesterIsDeniedBeforeAnyManifestIsRead() {
    Configuration hadoop = new Configuration();
    Faults faults = FaultyFileSystem.install(hadoop);
    MfFixture mf = new MfFixture(tmp, hadoop);
    String manifest = FaultyFileSystem.uriOf(mf.root.resolve("manifests/telco.json"));
    String policy = FaultyFileSystem.uriOf(mf.root.resolve("policies/churn.yaml"));

    SubmitResult result = mf.factory().submit(request(mf, "authz-early").principal("mallory@analytics")
        .manifests(new DigestRef(manifest, Optional.empty())).policy(new DigestRef(policy, Optional.empty())).build(), false);

    assertThat(result.outcome()).isEqualTo(RunOutcome.REJECTED_INPUTS);
    assertThat(result.reasons()).extracting(Reason::code).containsExactly(ReasonCode.AUTHZ_DENIED);
    // MF-B6: DENY stops the run before any data-plane access; only the policy was read.
    assertThat(faults.opened()).containsExactly(mf.root.resolve("policies/churn.yaml").toAbsolutePath().toString());
  }

  @Test
  void aRequestIdReusedForOtherInputsIsRefusedWithoutTouchingEitherRun() {
    MfFixture mf = new MfFixture(tmp);
    // The first run is rejected (blocked feature pack), so nothing trains on either side.
    mf.write("policies/blocking.yaml", policyYaml("blocked_feature_packs: [telco-features]"));
    SubmitResult first = mf.factory().submit(request(mf, "reused").policy(new DigestRef("policies/blocking.yaml", Optional.empty())).build(),
        false);
    assertThat(first.outcome()).isEqualTo(RunOutcome.REJECTED_INPUTS);

    TrainRequest other = request(mf, "reused").build();
    String otherRun = mf.factory().trainRunIdOf(other).orElseThrow();
    SubmitResult conflict = mf.factory().submit(other, false);

    assertThat(conflict.outcome()).isEqualTo(RunOutcome.REJECTED_INPUTS);
    assertThat(conflict.trainRunId()).isEqualTo(first.trainRunId());
    assertThat(conflict.reasons()).singleElement().satisfies(reason -> {
      assertThat(reason.code()).isEqualTo(ReasonCode.REQUEST_ID_CONFLICT);
      assertThat(reason.code().severity()).isEqualTo(ReasonCode.Severity.HARD);
      assertThat(reason.code().retryable()).isFalse();
      assertThat(reason.ref()).isEqualTo("reused");
      assertThat(reason.expected()).contains(first.trainRunId().orElseThrow());
      assertThat(reason.observed()).contains(otherRun);
    });
    List<Receipt> notes = mf.ledger.receipts(otherRun);
    assertThat(notes).extracting(Receipt::kind).containsExactly(ReceiptKind.REQUEST_ID_CONFLICT);
    assertThat(mf.ledger.receipts(first.trainRunId().orElseThrow())).noneMatch(ReasonCodeMatrixTest::isTrainStageReceipt);
    assertThat(mf.engine.trains.get()).isZero();
  }

  @Test
  void aRequestPinnedToAStaleRecipeDoesNotTakeTheRunOfTheRepinnedRequest() {
    MfFixture mf = new MfFixture(tmp);
    SubmitResult stale = mf.factory().submit(request(mf, "stale").recipe("churn_xgb_v1", Optional.of(OTHER_DIGEST)).build(), false);
    assertThat(stale.reasons()).extracting(Reason::code).containsExactly(ReasonCode.RECIPE_DIGEST_MISMATCH);

    // The fix its message asks for is to pin the request again; that request must name another
    // run than the rejected one, or it would be answered with the stale request's rejection.
    TrainRequest repinned = request(mf, "repinned").recipe("churn_xgb_v1", Optional.of(mf.recipeDigest)).build();
    assertThat(mf.factory().trainRunIdOf(repinned)).isPresent().isNotEqualTo(stale.trainRunId());
  }

  // ---- the cases' building blocks ----

  /** The fixture's manifest with one edit, pinned by digest. */
  private static Case edited(String name, ReasonCode code, Consumer<ObjectNode> edit) {
    return new Case(name, (mf, faults) -> {
      String manifest = manifest(mf, "manifests/edited.json", edit);
      return crafted(request(mf, code.name().toLowerCase(java.util.Locale.ROOT)).manifests(pinned(mf, manifest)), code, manifest);
    });
  }

  /** A policy with one admissibility rule, and the fixture's manifest with one edit that the rule refuses. */
  private static Case policy(String name, ReasonCode code, String rule, Consumer<ObjectNode> edit, String expected, String observed) {
    return new Case(name, (mf, faults) -> {
      String manifest = manifest(mf, "manifests/policed.json", edit);
      String policy = mf.write("policies/strict.yaml", policyYaml(rule));
      Crafted crafted = crafted(request(mf, code.name().toLowerCase(java.util.Locale.ROOT)).manifests(pinned(mf, manifest))
          .policy(new DigestRef(policy, Optional.empty())), code, manifest);
      return expected == null ? crafted : crafted.expecting(expected, observed);
    });
  }

  private static String policyYaml(String admissibilityRule) {
    return """
        policy_rev: churn-strict
        principals: {submit: [airflow@analytics], publish: [airflow@analytics]}
        required_metrics: [roc_auc, log_loss]
        gates: [{metric: roc_auc, min: 0.8}, {metric: log_loss, max: 0.45}]
        admissibility: {%s}
        """.formatted(admissibilityRule);
  }

  /** Writes the fixture's manifest with {@code edit} applied to its JSON, as a hand-edited file would be. */
  private static String manifest(MfFixture mf, String relative, Consumer<ObjectNode> edit) {
    try {
      ObjectNode json = (ObjectNode) JSON.readTree(io.mbt.mf.dataset.DatasetManifests.write(mf.manifest()));
      edit.accept(json);
      return mf.write(relative, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DigestRef pinned(MfFixture mf, String relative) {
    return new DigestRef(relative, Optional.of(digestOf(mf, relative)));
  }

  private static String digestOf(MfFixture mf, String relative) {
    return Digests.sha256(mf.read(relative));
  }

  private static Crafted crafted(RequestBuilder request, ReasonCode code, String ref) {
    return new Crafted(request.build(), code, ref, Optional.empty(), Optional.empty());
  }

  private static RequestBuilder request(MfFixture mf, String requestId) {
    return new RequestBuilder(requestId, "airflow@analytics", List.of(new DigestRef("manifests/telco.json", Optional.empty())),
        new TrainRequest.TrainingConfigRef("churn_xgb_v1", Optional.empty()), new DigestRef("policies/churn.yaml", Optional.empty()));
  }

  /** The fixture's request, with the one part a case crafts replaced. */
  private record RequestBuilder(String requestId, String principal, List<DigestRef> manifests, TrainRequest.TrainingConfigRef recipe,
      DigestRef policy) {
    RequestBuilder manifests(DigestRef... refs) {
      return new RequestBuilder(requestId, principal, List.of(refs), recipe, policy);
    }

    RequestBuilder recipe(String pipeline, Optional<String> sha256) {
      return new RequestBuilder(requestId, principal, manifests, new TrainRequest.TrainingConfigRef(pipeline, sha256), policy);
    }

    RequestBuilder policy(DigestRef ref) {
      return new RequestBuilder(requestId, principal, manifests, recipe, ref);
    }

    RequestBuilder principal(String who) {
      return new RequestBuilder(requestId, who, manifests, recipe, policy);
    }

    TrainRequest build() {
      return new TrainRequest(requestId, Intent.BASELINE_TRAIN, principal, manifests, recipe, policy, Map.of("target", "dev"), Optional.empty(),
          Optional.empty());
    }
  }

  // ---- reading the ledger ----

  private static boolean isTrainStageReceipt(Receipt r) {
    return (r.kind() == ReceiptKind.STAGE_STARTED || r.kind() == ReceiptKind.STAGE_COMPLETED) && r.stage().equals(Optional.of("TRAIN"));
  }

  /**
   * The receipt that records the answer: the terminal receipt of a rejected run, the lease release
   * of a run held for a transient reason, or the note left for a request that could not be keyed.
   */
  private static Receipt answerReceipt(List<Receipt> receipts, SubmitResult result, boolean hard) {
    if (result.trainRunId().isEmpty()) {
      return receipts.stream().filter(r -> r.kind() == ReceiptKind.ADMISSIBILITY).findFirst().orElseThrow();
    }
    if (hard) {
      Receipt terminal = receipts.stream().filter(r -> r.kind() == ReceiptKind.RUN_TERMINAL).findFirst().orElseThrow();
      assertThat(terminal.body()).containsEntry("outcome", RunOutcome.REJECTED_INPUTS.name());
      assertThat(receipts).filteredOn(r -> r.kind() == ReceiptKind.ADMISSIBILITY).singleElement()
          .satisfies(a -> assertThat(a.body()).containsEntry("verdict", "REJECTED").containsEntry("class", "HARD")
              .containsEntry("retryable", false));
      return terminal;
    }
    assertThat(receipts).noneMatch(r -> r.kind() == ReceiptKind.RUN_TERMINAL);
    return receipts.stream().filter(r -> r.kind() == ReceiptKind.LEASE_RELEASED).reduce((a, b) -> b).orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static List<Reason> reasonsOf(Receipt receipt) {
    return ((List<Map<?, ?>>) receipt.body().get("reasons")).stream().map(Reason::fromJson).toList();
  }
}
