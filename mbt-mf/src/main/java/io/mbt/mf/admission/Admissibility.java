package io.mbt.mf.admission;

import io.mbt.mf.dataset.DatasetManifest;
import io.mbt.mf.dataset.DatasetManifests;
import io.mbt.mf.identity.Digests;
import io.mbt.mf.request.PolicyProfile;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MF-C: decides whether a run's pinned inputs may be trained on. It checks each manifest's
 * semantics (C4), the set's consistency and its fit to the recipe (C5), each table at its pinned
 * version (C6), the PASS proof (C7) and the policy (C8), collects every reason rather than the
 * first, and computes the input fingerprint (C9). It never reads rows, never repairs a manifest
 * and never looks for alternatives.
 */
public final class Admissibility {
  private final TableInspector tables;
  private final RefReader refs;

  public Admissibility(TableInspector tables, RefReader refs) {
    this.tables = tables;
    this.refs = refs;
  }

  /** The input fingerprint: the identity of the dataset set (not of the run). */
  public static String inputFingerprint(List<MfContext.ResolvedManifest> datasets) {
    return Digests.tagged("mf_input_v1", datasets.stream().map(MfContext.ResolvedManifest::sha256).sorted().distinct().toList());
  }

  public AdmissionVerdict check(MfContext context, RecipeSource.Recipe recipe) {
    List<Reason> reasons = new ArrayList<>();
    List<TableInspector.TableAtVersion> verified = new ArrayList<>();
    for (MfContext.ResolvedManifest dataset : context.datasets()) {
      semantics(dataset, reasons);
      materializations(dataset, reasons, verified);
      proof(dataset, context.policy(), reasons);
      policy(dataset, context.policy(), reasons);
    }
    consistency(context.datasets(), recipe, reasons);
    return new AdmissionVerdict(reasons.isEmpty() ? Optional.of(inputFingerprint(context.datasets())) : Optional.empty(), dedupe(reasons),
        verified);
  }

  /** C4: no hidden time travel — basis, as-of, feature pins, keys or scope must all be explicit. */
  private static void semantics(MfContext.ResolvedManifest d, List<Reason> reasons) {
    DatasetManifest m = d.manifest();
    if (m.replayBasis().isEmpty()) {
      reasons.add(Reason.of(ReasonCode.MISSING_REPLAY_BASIS, d.uri(), "the manifest declares no replay_basis; re-pin it with 'mbt dataset pin'"));
    }
    if (m.asOf().isEmpty()) {
      reasons.add(Reason.of(ReasonCode.MISSING_AS_OF_BOUNDARY, d.uri(), "the manifest declares no as_of boundary"));
    } else {
      try {
        LocalDate.parse(m.asOf().get());
      } catch (DateTimeParseException e) {
        reasons.add(Reason.of(ReasonCode.MISSING_AS_OF_BOUNDARY, d.uri(), "as_of '" + m.asOf().get() + "' is not an ISO date"));
      }
    }
    if (m.featureVersions().isEmpty()) {
      reasons.add(Reason.of(ReasonCode.MISSING_FEATURE_VERSION_PINS, d.uri(), "the manifest pins no feature versions"));
    }
    if (m.joinKeys().isEmpty() && m.entityScope().isEmpty()) {
      reasons.add(Reason.of(ReasonCode.MISSING_JOIN_KEYS_OR_SCOPE, d.uri(), "the manifest declares neither join_keys nor entity_scope"));
    }
    if (m.tables().isEmpty()) {
      reasons.add(Reason.of(ReasonCode.MISSING_REPLAY_BASIS, d.uri(), "the manifest pins no tables"));
    }
  }

  /** C6: each table is the one pinned (same Delta id) and its files at the version are the ones pinned. */
  private void materializations(MfContext.ResolvedManifest d, List<Reason> reasons, List<TableInspector.TableAtVersion> verified) {
    for (DatasetManifest.PinnedTable table : d.manifest().tables()) {
      String ref = table.uri() + "@v" + table.version();
      try {
        TableInspector.TableAtVersion found = tables.inspect(table.uri(), table.version());
        if (!found.tableId().equals(table.deltaTableId())) {
          reasons.add(Reason.mismatch(ReasonCode.IMMUTABILITY_CONFLICT, ref, table.deltaTableId(), found.tableId(), "table "
              + table.name() + " at " + table.uri() + " is another Delta table than the one pinned (dropped and re-created?)"));
        } else if (!found.filesDigest().equals(table.filesDigest())) {
          reasons.add(Reason.mismatch(ReasonCode.MATERIALIZATION_DIGEST_MISMATCH, ref, table.filesDigest(), found.filesDigest(), "the data "
              + "files of " + table.name() + " at version " + table.version() + " are not the ones pinned"));
        } else {
          verified.add(found);
        }
      } catch (RefReader.RefException e) {
        Reason r = e.reason();
        reasons.add(new Reason(r.code(), ref, r.expected(), r.observed(), "table " + table.name() + ": " + r.message()));
      }
    }
  }

  /** C7: no PASS, no read — the proof must be PASS, bind exactly these tables, and its report must be the one recorded. */
  private void proof(MfContext.ResolvedManifest d, PolicyProfile policy, List<Reason> reasons) {
    Optional<DatasetManifest.ValidationProof> proof = d.manifest().validationProof();
    if (proof.isEmpty() || !"PASS".equals(proof.get().status())) {
      if (policy.admissibility().requirePassProof()) {
        reasons.add(Reason.of(ReasonCode.MISSING_DATASET_PASS_PROOF, d.uri(), proof.isEmpty() ? "the manifest carries no validation proof"
            : "the manifest's validation proof is " + proof.get().status() + ", not PASS"));
      }
      return;
    }
    String bound = DatasetManifests.tablesDigest(d.manifest().tables());
    if (!proof.get().tablesDigest().equals(bound)) {
      reasons.add(Reason.mismatch(ReasonCode.PASS_PROOF_DOES_NOT_BIND_MANIFEST, d.uri(), bound, proof.get().tablesDigest(),
          "the validation proof was made for other table versions"));
      return;
    }
    try {
      String report = Digests.sha256(refs.read(proof.get().reportUri()));
      if (!report.equals(proof.get().reportSha256())) {
        reasons.add(Reason.mismatch(ReasonCode.PASS_PROOF_DOES_NOT_BIND_MANIFEST, proof.get().reportUri(), proof.get().reportSha256(), report,
            "the validation report is not the one the proof recorded"));
      }
    } catch (RefReader.RefException e) {
      Reason r = e.reason();
      reasons.add(r.code().retryable() ? r : Reason.of(ReasonCode.PASS_PROOF_DOES_NOT_BIND_MANIFEST, r.ref(), "validation report: "
          + r.message()));
    }
  }

  /** C8: what the policy admits. */
  private static void policy(MfContext.ResolvedManifest d, PolicyProfile policy, List<Reason> reasons) {
    DatasetManifest m = d.manifest();
    PolicyProfile.Admissibility rules = policy.admissibility();
    String kind = m.datasetKind().orElse("unspecified");
    if (!rules.allowedDatasetKinds().isEmpty() && !rules.allowedDatasetKinds().contains(kind)) {
      reasons.add(Reason.mismatch(ReasonCode.POLICY_DISALLOWS_DATASET_KIND, d.uri(), String.join("|", rules.allowedDatasetKinds()), kind,
          "policy " + policy.policyRev() + " does not admit dataset kind '" + kind + "'"));
    }
    if (rules.maxWindowDays().isPresent() && m.window().isPresent()) {
      long days = ChronoUnit.DAYS.between(LocalDate.parse(m.window().get().start()), LocalDate.parse(m.window().get().end()));
      if (days > rules.maxWindowDays().get()) {
        reasons.add(Reason.mismatch(ReasonCode.POLICY_WINDOW_TOO_LARGE, d.uri(), "<= " + rules.maxWindowDays().get() + " days", days + " days",
            "the training window is longer than policy " + policy.policyRev() + " allows"));
      }
    }
    String privacy = m.privacyClass().orElse("unclassified");
    if (!rules.allowedPrivacyClasses().isEmpty() && !rules.allowedPrivacyClasses().contains(privacy)) {
      reasons.add(Reason.mismatch(ReasonCode.POLICY_PRIVACY_CLASS_DISALLOWED, d.uri(), String.join("|", rules.allowedPrivacyClasses()), privacy,
          "policy " + policy.policyRev() + " does not admit privacy class '" + privacy + "'"));
    }
    m.featurePack().filter(rules.blockedFeaturePacks()::contains).ifPresent(pack -> reasons.add(Reason.of(
        ReasonCode.POLICY_FEATURE_PACK_BLOCKED, d.uri(), "feature pack '" + pack + "' is blocked by policy " + policy.policyRev())));
  }

  /** C5: the set agrees on feature pins and as-of, and holds what the recipe reads. */
  private static void consistency(List<MfContext.ResolvedManifest> datasets, RecipeSource.Recipe recipe, List<Reason> reasons) {
    Map<String, String> pins = new LinkedHashMap<>();
    Set<String> asOf = new LinkedHashSet<>();
    Set<String> packs = new LinkedHashSet<>();
    Set<String> pinnedTables = new LinkedHashSet<>();
    for (MfContext.ResolvedManifest d : datasets) {
      d.manifest().asOf().ifPresent(asOf::add);
      d.manifest().featurePack().ifPresent(packs::add);
      d.manifest().tables().forEach(t -> pinnedTables.add(t.name()));
      for (Map.Entry<String, String> pin : d.manifest().featureVersions().entrySet()) {
        String before = pins.putIfAbsent(pin.getKey(), pin.getValue());
        if (before != null && !before.equals(pin.getValue())) {
          reasons.add(Reason.mismatch(ReasonCode.FEATURE_PINS_INCONSISTENT_ACROSS_SET, d.uri(), before, pin.getValue(),
              "feature '" + pin.getKey() + "' is pinned to two versions across the manifest set"));
        }
      }
      d.manifest().labelColumn().filter(l -> recipe.labelColumn().isPresent() && !recipe.labelColumn().get().equals(l)).ifPresent(l ->
          reasons.add(Reason.mismatch(ReasonCode.SCHEMA_INCOMPATIBLE_WITH_RECIPE, d.uri(), recipe.labelColumn().get(), l,
              "the manifest's label column is not the recipe's")));
    }
    if (asOf.size() > 1) {
      reasons.add(Reason.of(ReasonCode.AS_OF_INCONSISTENT_ACROSS_SET, "dataset_manifests", "the manifests have different as_of boundaries "
          + asOf + "; pin them together, as of one date"));
    }
    if (packs.size() > 1) {
      reasons.add(Reason.of(ReasonCode.FEATURE_PINS_INCONSISTENT_ACROSS_SET, "dataset_manifests", "the manifests pin different feature packs "
          + packs));
    }
    for (String table : recipe.tables()) {
      if (!pinnedTables.contains(table)) {
        reasons.add(Reason.of(ReasonCode.SCHEMA_INCOMPATIBLE_WITH_RECIPE, "dataset_manifests", "pipeline " + recipe.pipeline()
            + " reads table '" + table + "', which no manifest pins (pinned: " + pinnedTables + "); pin it with 'mbt dataset pin "
            + recipe.pipeline() + "'"));
      }
    }
  }

  private static List<Reason> dedupe(List<Reason> reasons) {
    return List.copyOf(new LinkedHashSet<>(reasons));
  }
}
