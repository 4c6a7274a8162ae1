package io.mbt.mf.pipeline;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.mf.admission.MfContext;
import io.mbt.mf.admission.RecipeSource;
import io.mbt.mf.bundle.BundleCandidate;
import io.mbt.mf.engine.TrainOutput;
import io.mbt.mf.publish.CandidateRegistry;
import io.mbt.mf.publish.PublishResponse;
import io.mbt.steps.registry.BundleToPublish;
import io.mbt.steps.registry.ModelRegistry;
import io.mbt.steps.registry.PublishOutcomeUnknownException;
import io.mbt.steps.registry.PublishResult;
import io.mbt.steps.registry.PublishedBundle;
import io.mbt.steps.registry.RegistryException;
import io.mbt.steps.registry.RegistryUnavailableException;
import io.mbt.steps.registry.RunToLog;
import io.mbt.steps.runner.FinishedRun;
import io.mbt.steps.training.RunGatherer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * MF-G's registry: the target's {@link ModelRegistry} (local or MLflow). A candidate's run is
 * gathered from the TRAIN attempt's artifacts exactly as {@code log_run} gathers a run, and
 * published with {@link ModelRegistry#publishBundle}, keyed by the bundle fingerprint; the version
 * is a candidate (tagged, never aliased) until {@code mbt registry promote}.
 */
public final class RegistryCandidates implements CandidateRegistry {
  private final ModelRegistry registry;
  private final SparkSession spark;
  private final Path projectDir;
  private final CompiledRecipes recipes;
  private final Clock clock;

  public RegistryCandidates(ModelRegistry registry, SparkSession spark, Path projectDir, CompiledRecipes recipes, Clock clock) {
    this.registry = requireNonNull(registry, "registry is null");
    this.spark = requireNonNull(spark, "spark is null");
    this.projectDir = requireNonNull(projectDir, "projectDir is null");
    this.recipes = requireNonNull(recipes, "recipes is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public PublishResponse publish(BundleCandidate candidate, TrainOutput trained, MfContext context) throws Unavailable, OutcomeUnknown {
    BundleToPublish bundle;
    try {
      bundle = bundle(candidate, trained, context);
    } catch (RecipeSource.RecipeException | RuntimeException e) {
      // The run cannot be gathered (its artifacts or recipe are gone): the registry would get nothing it could serve.
      return rejected(candidate, "GATHER_FAILED", "the candidate's training run " + trained.engineRunId() + " cannot be gathered for publishing: "
          + e.getMessage());
    }
    try {
      return response(registry.publishBundle(bundle));
    } catch (RegistryUnavailableException e) {
      throw new Unavailable(e.getMessage(), e);
    } catch (PublishOutcomeUnknownException e) {
      throw new OutcomeUnknown(e.getMessage(), e);
    } catch (IllegalArgumentException | RegistryException e) {
      return rejected(candidate, "REGISTRY_REFUSED", e.getMessage());
    }
  }

  @Override
  public Optional<PublishResponse> status(String modelName, String fingerprint) throws Unavailable {
    try {
      return registry.bundleStatus(modelName, fingerprint).map(RegistryCandidates::alreadyPublished);
    } catch (RegistryUnavailableException e) {
      throw new Unavailable(e.getMessage(), e);
    }
  }

  private BundleToPublish bundle(BundleCandidate candidate, TrainOutput trained, MfContext context) throws RecipeSource.RecipeException {
    Manifest manifest = recipes.compile(context.pipeline(), Optional.of(context.environment())).manifest();
    String root = String.valueOf(trained.metadata().get(PipelineEngine.ARTIFACT_ROOT));
    RunToLog run;
    try (FinishedRun finished = FinishedRun.open(spark, projectDir, manifest, trained.engineRunId(), PipelineEngine.executionDate(context),
        root)) {
      run = RunGatherer.gather(finished, clock.instant());
    }
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("train_run_id", context.trainRunId());
    provenance.put("policy_rev", context.policy().policyRev());
    provenance.put("input_fingerprint", String.valueOf(candidate.manifest().get("input_fingerprint")));
    provenance.put("mf_build_id", context.mfBuildId());
    provenance.put("request_id", context.request().requestId());
    provenance.put("intent", context.request().intent().yamlName());
    provenance.put("pipeline", context.pipeline());
    provenance.put("recipe_digest", context.recipeDigest());
    return new BundleToPublish(candidate.modelName(), candidate.fingerprint(), candidate.canonicalBytes(), run, candidate.compatibility(),
        provenance);
  }

  private static PublishResponse response(PublishResult result) {
    return new PublishResponse(PublishResponse.Outcome.valueOf(result.outcome().name()), result.modelName(), result.version(),
        result.registryRunId(), result.reasonCodes(), result.detail());
  }

  private static PublishResponse alreadyPublished(PublishedBundle bundle) {
    return new PublishResponse(PublishResponse.Outcome.ALREADY_PUBLISHED, bundle.modelName(), Optional.of(bundle.version()),
        Optional.of(bundle.registryRunId()), List.of(), "version " + bundle.version() + " of " + bundle.modelName() + " holds bundle "
        + bundle.bundleFingerprint());
  }

  private static PublishResponse rejected(BundleCandidate candidate, String code, String detail) {
    return new PublishResponse(PublishResponse.Outcome.REJECTED, candidate.modelName(), Optional.empty(), Optional.empty(), List.of(code),
        detail);
  }
}
