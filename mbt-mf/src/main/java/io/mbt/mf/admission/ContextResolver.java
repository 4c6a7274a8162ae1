package io.mbt.mf.admission;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.mf.dataset.DatasetManifest;
import io.mbt.mf.dataset.DatasetManifests;
import io.mbt.mf.identity.Digests;
import io.mbt.mf.identity.TrainRunKey;
import io.mbt.mf.request.DigestRef;
import io.mbt.mf.request.Intent;
import io.mbt.mf.request.PolicyFiles;
import io.mbt.mf.request.PolicyProfile;
import io.mbt.mf.request.TrainRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * MF-B: resolves a request's references into a pinned {@link MfContext}: the policy profile and
 * the dataset manifests by their bytes (verifying the digests the request carries), the recipe by
 * compiling its pipeline, the build; then authorises the requester against the policy before any
 * data is read, and builds the {@link TrainRunKey}.
 *
 * <p>When something cannot be resolved, the key is still built if the request pinned the digest
 * of every reference (the identity is the request's pins, not what the store answered) and every
 * dataset manifest was read (the key's feature pack comes from them), so the rejection can be
 * recorded against the run; otherwise the answer carries no key.
 */
public final class ContextResolver {
  private final RefReader refs;
  private final RecipeSource recipes;
  private final String mfBuildId;

  public ContextResolver(RefReader refs, RecipeSource recipes, String mfBuildId) {
    this.refs = refs;
    this.recipes = recipes;
    this.mfBuildId = mfBuildId;
  }

  /** The outcome: a context, or the reasons it could not be built (and the key, if the pins give one). */
  public record Resolution(Optional<MfContext> context, Optional<RecipeSource.Recipe> recipe, Optional<TrainRunKey> key, List<Reason> reasons) {
    public boolean resolved() {
      return context.isPresent();
    }
  }

  public Resolution resolve(TrainRequest request) {
    List<Reason> reasons = new ArrayList<>();
    // The policy first: authorisation decides whether anything else is read.
    Optional<byte[]> policyBytes = read(request.policyProfile(), reasons, ReasonCode.PROFILE_DIGEST_MISMATCH);
    Optional<String> policyDigest = digestOf(request.policyProfile(), policyBytes);
    Optional<PolicyProfile> policy = Optional.empty();
    if (policyBytes.isPresent()) {
      try {
        policy = Optional.of(PolicyFiles.parse(new String(policyBytes.get(), StandardCharsets.UTF_8), request.policyProfile().uri()));
      } catch (CompileException e) {
        reasons.add(Reason.of(ReasonCode.PROFILE_INVALID, request.policyProfile().uri(), "the policy profile is invalid: "
            + e.errors().stream().map(CompileProblem::format).collect(Collectors.joining("; "))));
      }
    }
    if (policy.isPresent() && !policy.get().maySubmit(request.requesterPrincipal())) {
      reasons.add(Reason.of(ReasonCode.AUTHZ_DENIED, request.requesterPrincipal(), "principal " + request.requesterPrincipal()
          + " may not submit under policy " + policy.get().policyRev() + " (principals.submit: " + policy.get().submitters() + ")"));
      return new Resolution(Optional.empty(), Optional.empty(), key(request, List.of(), Optional.empty(), policyDigest, Optional.empty()),
          reasons);
    }
    Optional<RecipeSource.Recipe> recipe = Optional.empty();
    try {
      recipe = Optional.of(recipes.resolve(request.trainingConfig().pipeline(), request.target()));
      String expected = request.trainingConfig().sha256().orElse(recipe.get().digest());
      if (!expected.equals(recipe.get().digest())) {
        reasons.add(Reason.mismatch(ReasonCode.RECIPE_DIGEST_MISMATCH, "pipeline:" + request.trainingConfig().pipeline(), expected,
            recipe.get().digest(), "the pipeline's resolved YAML changed since the request was pinned; pin the request again "
            + "('mbt mf request') to train the new recipe"));
      }
    } catch (RecipeSource.RecipeException e) {
      reasons.add(Reason.of(ReasonCode.RECIPE_INVALID, "pipeline:" + request.trainingConfig().pipeline(), e.getMessage()));
    }
    List<MfContext.ResolvedManifest> datasets = new ArrayList<>();
    List<Optional<String>> manifestDigests = new ArrayList<>();
    for (DigestRef ref : request.datasetManifests()) {
      Optional<byte[]> bytes = read(ref, reasons, ReasonCode.MANIFEST_DIGEST_MISMATCH);
      manifestDigests.add(digestOf(ref, bytes));
      if (bytes.isPresent()) {
        try {
          DatasetManifest manifest = DatasetManifests.read(bytes.get(), ref.uri());
          datasets.add(new MfContext.ResolvedManifest(ref.uri(), Digests.sha256(bytes.get()), manifest));
        } catch (IllegalArgumentException e) {
          reasons.add(Reason.of(ReasonCode.REF_INVALID_FORMAT, ref.uri(), e.getMessage()));
        }
      }
    }
    Optional<String> featurePack = datasets.stream().map(d -> d.manifest().featurePack()).flatMap(Optional::stream).sorted().findFirst();
    // The feature pack is part of the key but is known only from the manifests' content: keyed
    // without it, an unreadable manifest would name another run than the same request names once
    // the store answers (a transient failure turned into a request id conflict). So no key then.
    // The recipe's pin comes first for the same reason as the other pins: a stale pin names its
    // own run, not the run of the request pinned to the current recipe.
    Optional<String> resolvedRecipe = recipe.map(RecipeSource.Recipe::digest);
    Optional<TrainRunKey> key = datasets.size() != request.datasetManifests().size() ? Optional.empty()
        : key(request, manifestDigests, request.trainingConfig().sha256().or(() -> resolvedRecipe), policyDigest, featurePack);
    if (!reasons.isEmpty() || key.isEmpty() || policy.isEmpty() || recipe.isEmpty()) {
      return new Resolution(Optional.empty(), recipe, key, reasons);
    }
    MfContext context = new MfContext(request, key.get(), key.get().trainRunId(), policy.get(), policyDigest.get(), recipe.get().pipeline(),
        recipe.get().digest(), mfBuildId, recipe.get().environment(), recipe.get().modelName(), datasets);
    return new Resolution(Optional.of(context), recipe, key, List.of());
  }

  private Optional<byte[]> read(DigestRef ref, List<Reason> reasons, ReasonCode mismatch) {
    try {
      byte[] bytes = refs.read(ref.uri());
      String digest = Digests.sha256(bytes);
      if (ref.sha256().isPresent() && !ref.sha256().get().equals(digest)) {
        reasons.add(Reason.mismatch(mismatch, ref.uri(), ref.sha256().get(), digest, ref.uri() + " does not have the digest the request pins"));
        return Optional.empty();
      }
      return Optional.of(bytes);
    } catch (RefReader.RefException e) {
      reasons.add(e.reason());
      return Optional.empty();
    }
  }

  private static Optional<String> digestOf(DigestRef ref, Optional<byte[]> bytes) {
    return ref.sha256().or(() -> bytes.map(Digests::sha256));
  }

  private Optional<TrainRunKey> key(TrainRequest request, List<Optional<String>> manifestDigests, Optional<String> recipeDigest,
      Optional<String> policyDigest, Optional<String> featurePack) {
    if (manifestDigests.isEmpty() || manifestDigests.stream().anyMatch(Optional::isEmpty) || recipeDigest.isEmpty() || policyDigest.isEmpty()) {
      return Optional.empty();
    }
    String scope = request.trainingConfig().pipeline()
        + (request.intent() == Intent.RE_GATE ? "/regate:" + request.sourceRunId().orElseThrow() : "");
    return Optional.of(new TrainRunKey(request.intent().yamlName(), manifestDigests.stream().map(Optional::get).toList(), recipeDigest.get(),
        featurePack, policyDigest.get(), mfBuildId, scope));
  }
}
